/**
 * Serves the built web app (web/dist, `npm run build:web`) from the gateway, as Tailscale's
 * client/web does: hashed assets under /assets/ cached as immutable for a year (pre-compressed
 * .br/.gz beside them when the client accepts them), index.html never cached, and every other
 * GET that is not the API's, the docs' or an operator's path answered with index.html so that a
 * deep link (/kontrak/…) opens the app. API paths keep the API's JSON 404.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';

/** The build `npm run build:web` writes. */
export const DEFAULT_WEB_DIST = path.resolve(import.meta.dirname, '../web/dist');

/** Paths the SPA never answers: they belong to the API, its docs and the operators. */
const RESERVED = /^\/(api|docs|openapi\.json|metrics|healthz|readyz)(\/|$|\?)/;
/** A last path segment with an extension asks for a file, never for a page of the app. */
const FILE_LIKE = /\/[^/]*\.[A-Za-z0-9]{1,8}$/;

const YEAR_S = 365 * 24 * 3600;

/**
 * The app's pages as the browser should receive them. The policy allows nothing but this origin:
 * the app has no inline script or style and calls only its own gateway. 'wasm-unsafe-eval' lets
 * it compile WebAssembly (libsodium, which seals bids in the browser) and nothing else: eval and
 * inline script stay refused.
 */
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/**
 * Adds the web app's routes to the gateway's Fastify instance (before it listens). When `distDir`
 * has no index.html (the app was not built) it adds nothing and logs how to build it: the API
 * works without the app.
 */
export async function registerWeb(app: FastifyInstance, distDir: string = DEFAULT_WEB_DIST): Promise<void> {
  const indexFile = path.join(distDir, 'index.html');
  if (!fs.existsSync(indexFile)) {
    app.log.warn(`web app not served: ${indexFile} is missing (npm run build:web)`);
    return;
  }
  const assets = path.join(distDir, 'assets');
  if (fs.existsSync(assets)) {
    await app.register(fastifyStatic, {
      root: assets,
      prefix: '/assets/',
      decorateReply: false,
      index: false,
      dotfiles: 'ignore',
      preCompressed: true,
      // Vite names every asset by its content hash: a changed file is a new URL.
      maxAge: YEAR_S * 1000,
      immutable: true,
      schemaHide: true,
    });
  }
  // Top-level files of the build (the icon, robots.txt): cached for a day, since their names carry no hash.
  const topLevel = new Set(fs.readdirSync(distDir, { withFileTypes: true }).filter((e) => e.isFile() && e.name !== 'index.html' && !/\.(gz|br)$/.test(e.name)).map((e) => e.name));

  const sendIndex = async (reply: FastifyReply) => {
    // Read per request: a rebuild is served at once, and the file is a few hundred bytes.
    const html = await fs.promises.readFile(indexFile);
    return reply.header('cache-control', 'no-cache').headers(SECURITY_HEADERS).type('text/html; charset=utf-8').send(html);
  };

  app.get('/', { schema: { hide: true } }, (_req, reply) => sendIndex(reply));
  app.get('/*', { schema: { hide: true } }, async (req: FastifyRequest, reply: FastifyReply) => {
    const urlPath = req.url.split('?')[0]!;
    if (RESERVED.test(urlPath)) return reply.callNotFound();
    const name = urlPath.slice(1);
    if (topLevel.has(name)) {
      const body = await fs.promises.readFile(path.join(distDir, name));
      return reply.header('cache-control', 'public, max-age=86400').type(contentType(name)).send(body);
    }
    if (FILE_LIKE.test(urlPath)) return reply.callNotFound();
    return sendIndex(reply);
  });
}

function contentType(name: string): string {
  const ext = path.extname(name).toLowerCase();
  return { '.svg': 'image/svg+xml', '.ico': 'image/x-icon', '.png': 'image/png', '.txt': 'text/plain; charset=utf-8', '.json': 'application/json', '.webmanifest': 'application/manifest+json' }[ext] ?? 'application/octet-stream';
}
