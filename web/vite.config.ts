/**
 * Builds the web app into web/dist for the gateway to serve (api/web-static.ts): hashed assets,
 * each also written pre-compressed (.br, .gz) since the gateway serves them as they are. `npm run
 * dev:web` serves it with hot reload and forwards /api to a running gateway (PRASASTI_API,
 * default http://127.0.0.1:8080, the one `npm start` runs for LKPP's node).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const gzip = promisify(zlib.gzip);
const brotli = promisify(zlib.brotliCompress);

/** Writes file.gz and file.br beside every compressible asset of the build. */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'prasasti-precompress',
    apply: 'build',
    configResolved(c) {
      outDir = path.resolve(c.root, c.build.outDir);
    },
    async closeBundle() {
      const dir = path.join(outDir, 'assets');
      const files = await fs.readdir(dir).catch(() => [] as string[]);
      await Promise.all(
        files
          .filter((f) => /\.(js|css|svg|json)$/.test(f))
          .map(async (f) => {
            const body = await fs.readFile(path.join(dir, f));
            if (body.length < 1024) return;
            await fs.writeFile(path.join(dir, `${f}.gz`), await gzip(body, { level: 9 }));
            await fs.writeFile(path.join(dir, `${f}.br`), await brotli(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
          }),
      );
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // One small initial chunk; the pages load on demand.
    modulePreload: { polyfill: false },
  },
  server: {
    port: 5173,
    proxy: { '/api': process.env.PRASASTI_API ?? 'http://127.0.0.1:8080' },
  },
});
