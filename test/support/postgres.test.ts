import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { isZombie, pgAvailable, serverBinDir, startPostgres, type TestPostgres } from './postgres.js';

/** A throwaway server even when PRASASTI_PG_URL names one (that mode is tested on its own below). */
async function startLocal(): Promise<TestPostgres> {
  const saved = process.env.PRASASTI_PG_URL;
  delete process.env.PRASASTI_PG_URL;
  try {
    return await startPostgres();
  } finally {
    if (saved !== undefined) process.env.PRASASTI_PG_URL = saved;
  }
}
// Someone with only PRASASTI_PG_URL (no local server binaries) skips the throwaway-server tests.
const noLocalServer = process.env.PRASASTI_PG_URL && !serverBinDir() ? 'PRASASTI_PG_URL is set and no PostgreSQL server binaries are installed' : false;

async function withClient<T>(url: string, f: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await f(client);
  } finally {
    await client.end();
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !isZombie(pid);
  } catch {
    return false;
  }
}

test('PostgreSQL is available to the tests (.ci/run installs it)', () => {
  assert.equal(pgAvailable(), true, "no PostgreSQL server: apt-get install -y --no-install-recommends postgresql, or set PRASASTI_PG_URL");
});

test('a throwaway server: tables, rows, then stop() leaves no process and no folder', { skip: noLocalServer }, async () => {
  const started = performance.now();
  const pgServer = await startLocal();
  console.log(`startPostgres: ${Math.round(performance.now() - started)} ms`);
  const dir = pgServer.dir!;
  const pid = Number(readFileSync(path.join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
  assert.ok(processAlive(pid), `got no postmaster at pid ${pid}`);

  const rows = await withClient(pgServer.url, async (c) => {
    await c.query('CREATE TABLE tender (id text PRIMARY KEY, hps_rupiah numeric NOT NULL)');
    await c.query('INSERT INTO tender VALUES ($1, $2), ($3, $4)', ['tnd-2025-0001', '1250000000', 'tnd-2025-0002', '8170000000']);
    return (await c.query<{ id: string; hps_rupiah: string }>('SELECT id, hps_rupiah FROM tender ORDER BY id')).rows;
  });
  assert.deepEqual(rows, [{ id: 'tnd-2025-0001', hps_rupiah: '1250000000' }, { id: 'tnd-2025-0002', hps_rupiah: '8170000000' }]);
  const encoding = await withClient(pgServer.url, async (c) => (await c.query<{ server_encoding: string }>('SHOW server_encoding')).rows[0]!.server_encoding);
  assert.equal(encoding, 'UTF8');

  await pgServer.stop();
  assert.equal(existsSync(dir), false, `got ${dir} still there after stop()`);
  assert.equal(processAlive(pid), false, `got postmaster ${pid} still running after stop()`);
  await assert.rejects(withClient(pgServer.url, async () => undefined), 'got a connection after stop()');
  await pgServer.stop(); // a second stop is harmless
});

test('two servers side by side; PRASASTI_PG_URL gives a fresh database that stop() drops', { skip: noLocalServer }, async (t) => {
  const [a, b] = await Promise.all([startLocal(), startLocal()]);
  t.after(async () => {
    await Promise.all([a.stop(), b.stop()]);
  });
  assert.notEqual(new URL(a.url).port, new URL(b.url).port, 'got both servers on one port');

  const saved = process.env.PRASASTI_PG_URL;
  process.env.PRASASTI_PG_URL = a.url;
  try {
    const run = await startPostgres();
    const database = new URL(run.url).pathname.slice(1);
    assert.match(database, /^prasasti_test_\d+_[0-9a-f]{8}$/);
    assert.equal(run.dir, undefined);
    await withClient(run.url, async (c) => {
      await c.query('CREATE TABLE t (n int)');
      await c.query('INSERT INTO t VALUES (1)');
      assert.equal((await c.query('SELECT count(*)::int AS n FROM t')).rows[0].n, 1);
    });
    const databases = () => withClient(a.url, async (c) => (await c.query<{ datname: string }>('SELECT datname FROM pg_database')).rows.map((r) => r.datname));
    assert.ok((await databases()).includes(database), `got no database ${database} on the server`);
    await run.stop();
    assert.ok(!(await databases()).includes(database), `got database ${database} still there after stop()`);
  } finally {
    if (saved === undefined) delete process.env.PRASASTI_PG_URL;
    else process.env.PRASASTI_PG_URL = saved;
  }
});

test('no server binaries: the error says how to install them', async () => {
  const empty = mkdtempSync(path.join(tmpdir(), 'prasasti-nopg-'));
  const saved = { bin: process.env.PRASASTI_PG_BIN, url: process.env.PRASASTI_PG_URL };
  process.env.PRASASTI_PG_BIN = empty;
  delete process.env.PRASASTI_PG_URL;
  try {
    assert.equal(pgAvailable(), false);
    await assert.rejects(startPostgres(), /apt-get install -y --no-install-recommends postgresql/);
  } finally {
    for (const [k, v] of [['PRASASTI_PG_BIN', saved.bin], ['PRASASTI_PG_URL', saved.url]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    rmSync(empty, { recursive: true, force: true });
  }
});
