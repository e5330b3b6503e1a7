/**
 * The built app served by the gateway's own Fastify server (api/server.ts) through registerWeb
 * (api/web-static.ts), in-process: the page and deep links uncached, hashed assets immutable and
 * pre-compressed, the API, its docs and the operators' paths untouched, the documented routes
 * unchanged (so the OpenAPI-driven tests see the same API).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import type { FastifyInstance } from 'fastify';
import { buildServer, type GatewayDeps } from '../api/server.js';
import { registerWeb } from '../api/web-static.js';
import { openApiDocument } from '../api/openapi-doc.js';

/** A small build, as Vite lays it out. */
function fakeDist(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prasasti-web-dist-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><html lang="id"><body><div id="root"></div><script type="module" src="/assets/index-AbC123.js"></script></body></html>');
  fs.writeFileSync(path.join(dir, 'assets', 'index-AbC123.js'), 'console.log("prasasti");'.repeat(100));
  fs.writeFileSync(path.join(dir, 'assets', 'index-AbC123.js.br'), Buffer.from([1, 2, 3]));
  fs.writeFileSync(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  return dir;
}

async function server(dist: string): Promise<FastifyInstance> {
  const refuse = new Proxy({}, { get: (_t, p) => (p === 'then' ? undefined : () => Promise.reject(new Error(`not in this test: ${String(p)}`))) }) as never;
  const deps: GatewayDeps = { queries: refuse, auth: refuse, relay: refuse, network: refuse, documents: refuse, hub: refuse, webhooks: refuse, chainId: 'web-test', rpcUrl: 'http://127.0.0.1:0', status: async () => ({ nodeHeight: 1, indexedHeight: 1, catchingUp: false }), proof: async () => null, ocds: refuse, logLevel: 'silent' };
  const app = await buildServer(deps);
  await registerWeb(app, dist);
  await app.ready();
  return app;
}

test('the gateway serves the app beside the API', async () => {
  const dist = fakeDist();
  const app = await server(dist);
  try {
    for (const url of ['/', '/kontrak/kontrak-jalan-w1', '/tender/x?y=1', '/verifikasi', '/jaringan']) {
      const r = await app.inject({ method: 'GET', url });
      assert.equal(r.statusCode, 200, `GET ${url}: got ${r.statusCode}, want 200`);
      assert.match(String(r.headers['content-type']), /^text\/html/, url);
      assert.equal(r.headers['cache-control'], 'no-cache', url);
      assert.match(String(r.headers['content-security-policy']), /script-src 'self'/);
      assert.match(r.body, /<div id="root">/);
    }
    const js = await app.inject({ method: 'GET', url: '/assets/index-AbC123.js' });
    assert.equal(js.statusCode, 200);
    assert.match(String(js.headers['cache-control']), /max-age=31536000.*immutable/);
    const br = await app.inject({ method: 'GET', url: '/assets/index-AbC123.js', headers: { 'accept-encoding': 'br' } });
    assert.equal(br.headers['content-encoding'], 'br', 'the pre-compressed file when the client takes it');
    assert.equal((await app.inject({ method: 'GET', url: '/favicon.svg' })).headers['content-type'], 'image/svg+xml');
    // What is not the app's stays as it was.
    for (const url of ['/api/v1/nothing', '/assets/missing-123.js', '/robots.txt', '/docs/nothing-here.js']) {
      const r = await app.inject({ method: 'GET', url });
      assert.equal(r.statusCode, 404, `GET ${url}: got ${r.statusCode}, want 404`);
      assert.match(String(r.headers['content-type']), /json/, `${url}: the API's error, not the app`);
    }
    assert.equal((await app.inject({ method: 'POST', url: '/kontrak/x' })).statusCode, 404, 'only GET serves pages');
    assert.equal((await app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
    assert.equal((await app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200);
    const docs = await app.inject({ method: 'GET', url: '/docs' });
    assert.ok([200, 302].includes(docs.statusCode), `GET /docs: ${docs.statusCode}`);
    assert.doesNotMatch(docs.body, /<div id="root">/, '/docs is the API documentation, not the app');
    const doc = JSON.parse((await app.inject({ method: 'GET', url: '/openapi.json' })).body) as { paths: Record<string, unknown> };
    assert.deepEqual(Object.keys(doc.paths).sort(), Object.keys(((await openApiDocument()) as { paths: Record<string, unknown> }).paths).sort(), 'the app adds no documented route');
  } finally {
    await app.close();
    fs.rmSync(dist, { recursive: true, force: true });
  }
});

test('without a build the gateway serves the API alone', async () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'prasasti-web-none-'));
  const app = await server(empty);
  try {
    const r = await app.inject({ method: 'GET', url: '/' });
    assert.equal(r.statusCode, 404);
    assert.match(String(r.headers['content-type']), /json/);
  } finally {
    await app.close();
    fs.rmSync(empty, { recursive: true, force: true });
  }
});
