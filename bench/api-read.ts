/**
 * bench/api-read: how the HTTP API answers reads over large read models — search and list pages
 * (`/api/v1/contracts?q=…&buyer=…&status=…&sort=…`) and contract pages (`/api/v1/contracts/:id`)
 * — for 100,000 and 1,000,000 contracts, on SQLite and on PostgreSQL; and how fast the indexer
 * builds read models from a real chain.
 *
 *   npx tsx bench/api-read.ts          (knobs: bench/README.md)
 *
 * The read models are filled by a seeded generator (bench/lib/read-model-data.ts) with bulk
 * inserts that BYPASS THE INDEXER; the indexes are the product's own (indexer/db.ts). The server is
 * the real one (buildServer over the real Queries), with real relay, document, webhook and event
 * objects in a temporary folder; it is loaded from a second Node process (bench/lib/http-load.ts).
 *
 * Writes bench/results/api-read.json.
 */
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openReadModels, getMeta, setMeta, type ReadModels } from '../indexer/db.js';
import { Queries } from '../indexer/queries.js';
import { Indexer, latestHeight } from '../indexer/indexer.js';
import { buildServer } from '../api/server.js';
import { GatewayAuth } from '../api/auth.js';
import { Relay } from '../api/relay.js';
import { DocumentStore } from '../api/documents/store.js';
import { EventHub } from '../api/events/hub.js';
import { WebhookDispatcher } from '../api/events/webhooks.js';
import { OcdsPublisher } from '../api/ocds/from-ledger.js';
import { PROJECT_ROOT } from '../cli/tools.js';
import { seedDemoWorld } from '../cli/seed.js';
import { loadKeys, newMemberKey, saveKey } from '../cli/keyfile.js';
import { NetworkPort, SignerPool, sha256Hex } from '../cli/lifecycle.js';
import { buildTx } from '../ledger/tx/envelope.js';
import { startTestNetwork } from '../test/support/network.js';
import { constructionTenderToFho, blacklistAndComplaint } from '../test/support/scenarios.js';
import { startPostgres, type TestPostgres } from '../test/support/postgres.js';
import { batchBroadcast } from './lib/load.js';
import { machine } from './lib/localnet-bench.js';
import { buyers, loadReadModels, Rng, STATUSES } from './lib/read-model-data.js';
import { nextRequest, type LoadResult, type LoadSpec } from './lib/http-load.js';

const SIZES = (process.env.PRASASTI_BENCH_SIZES ?? '100000,1000000').split(',').map(Number).filter((n) => n > 0);
const BACKENDS = (process.env.PRASASTI_BENCH_BACKENDS ?? 'sqlite,postgres').split(',') as Array<'sqlite' | 'postgres'>;
const SECONDS = Number(process.env.PRASASTI_BENCH_SECONDS ?? 20);
const WARMUP = Number(process.env.PRASASTI_BENCH_WARMUP ?? 3);
const CONNECTIONS = Number(process.env.PRASASTI_BENCH_CONNECTIONS ?? 16);
const DETAIL_SHARE = 0.3;
/** Seconds for each of the single-kind runs that follow the mix. */
const ALONE_SECONDS = Number(process.env.PRASASTI_BENCH_ALONE_SECONDS ?? 10);
/** Requests per second offered in the open-loop run whose latencies are the result rows' (see bench/README.md). */
const RATE = Number(process.env.PRASASTI_BENCH_RATE ?? 100);
const SEED = 20261201;
/** Bumped whenever the generator's output changes, so a kept database is not reused across versions. */
const GENERATOR_VERSION = '2';
/** Keep generated databases here between runs (SQLite files; PostgreSQL databases on PRASASTI_BENCH_PG_URL's server). */
const KEEP_DIR = process.env.PRASASTI_BENCH_DATA_DIR;
const SKIP_INDEXER = process.env.PRASASTI_BENCH_SKIP_INDEXER === '1';
const TARGETS = { search_p95_ms: 50, detail_p95_ms: 20 };
const log = (m: string) => console.log(`[bench] ${m}`);

/** Search words as people type them: common ones that match a large share, rare names, prefixes, a word that matches nothing. */
const QUERIES = {
  common: ['jalan', 'pembangunan', 'pengadaan', 'rehabilitasi gedung', 'alat kesehatan', 'puskesmas', 'belanja', 'jasa konsultansi', 'sdn', 'kantor'],
  rare: ['gedebage', 'tembalang', 'cibiru', 'parahyangan', 'majapahit', 'jembatan citarum', 'ambulans', 'genset', 'cctv', 'puskes', 'drain', 'normalisasi', 'rsud', 'sdn 045', 'monorel'],
};

/** Latencies at the offered rate (open loop); saturation figures from the closed loop. */
interface Row {
  contracts: number;
  backend: 'sqlite' | 'postgres';
  search_p50_ms: number;
  search_p95_ms: number;
  detail_p50_ms: number;
  detail_p95_ms: number;
  req_per_s: number;
  saturation_req_per_s: number;
  saturation_search_p95_ms: number;
  saturation_detail_p95_ms: number;
}

/** The real HTTP API over `rm`: real query layer; relay, documents, webhooks and events as the real classes in a temp folder. */
async function startApi(rm: ReadModels) {
  const dir = mkdtempSync(path.join(tmpdir(), 'prasasti-bench-api-'));
  const key = randomBytes(32);
  const queries = new Queries(rm.db);
  // What a gateway does when it starts: the lists' columns read into memory (indexer/list-index.ts).
  const t0 = performance.now();
  await queries.lists?.ready();
  const listsLoadS = Math.round((performance.now() - t0) / 100) / 10;
  const mem = process.memoryUsage();
  // The lists' columns and orders are typed arrays (arrayBuffers); ids, the id map and dates are on the heap.
  const listsMemoryMb = { heap_used: Math.round(mem.heapUsed / 1e6), array_buffers: Math.round(mem.arrayBuffers / 1e6) };
  const auth = new GatewayAuth(path.join(dir, 'gateway.sqlite'));
  const relay = new Relay('http://127.0.0.1:9'); // never used by reads; connects lazily
  const documents = DocumentStore.open(path.join(dir, 'documents'), key);
  const hub = new EventHub({ capacity: 1000 });
  const webhooks = new WebhookDispatcher({ file: path.join(dir, 'webhooks.sqlite'), secretKey: key });
  const ocds = new OcdsPublisher(rm.db, queries, { ocidPrefix: 'ocds-prst01', publisher: { name: 'Prasasti bench' }, baseUri: 'https://prasasti.example.go.id/ocds' });
  const app = await buildServer({
    queries,
    auth,
    relay,
    documents,
    hub,
    webhooks,
    chainId: 'prasasti-bench',
    // Reads of the read models only: the node and its validators are not part of this benchmark.
    network: { health: () => Promise.reject(new Error('no node in this benchmark')) },
    rpcUrl: 'http://127.0.0.1:9',
    // 'info' logs a line per request; a production gateway ships those to a collector, here they would flood the terminal.
    logLevel: 'warn',
    rateLimitPerMinute: 100_000_000,
    status: async () => ({ nodeHeight: null, indexedHeight: 0, catchingUp: false }),
    proof: async () => null,
    ocds: { releasePackage: (id) => ocds.releasePackage(id), recordPackage: (id) => ocds.recordPackage(id), bulk: () => ocds.bulk() },
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url,
    listsLoadS,
    listsMemoryMb,
    async close() {
      await app.close();
      hub.close();
      relay.close();
      await webhooks.close();
      documents.close();
      auth.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Runs the load generator in its own process and returns what it measured. */
function runLoad(spec: LoadSpec): Promise<LoadResult & { firstError?: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(PROJECT_ROOT, 'bench', 'lib', 'http-load.ts'), JSON.stringify(spec)], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!) as LoadResult) : reject(new Error(`load generator exited ${code}`))));
  });
}

/**
 * A fingerprint of the API's answers to a fixed sample of the mix (and the second page of each
 * list that has one): SQLite and PostgreSQL must give byte-identical answers.
 */
async function answers(spec: LoadSpec, samples = 300): Promise<string> {
  const rng = new Rng(SEED + 7);
  const h = createHash('sha256');
  for (let i = 0; i < samples; i++) {
    const { path: p } = nextRequest(rng, spec);
    const body = await (await fetch(spec.url + p)).text();
    h.update(`${p}\n${body}\n`);
    const next = (JSON.parse(body) as { next?: string }).next;
    if (next) h.update(await (await fetch(`${spec.url}${p}${p.endsWith('?') ? '' : '&'}cursor=${next}`)).text());
  }
  return h.digest('hex');
}

/**
 * Reads the whole database once, as a server that has been answering for a while would have it in
 * memory: the SQLite file through the OS cache, PostgreSQL's tables and indexes with pg_prewarm
 * (into the OS cache too: the test server keeps the default 128 MB of shared buffers). Without it
 * the first backend measured would find its pages evicted by the other's load.
 */
async function prewarm(url: string, backend: 'sqlite' | 'postgres'): Promise<number> {
  const t0 = performance.now();
  if (backend === 'sqlite') {
    const fd = openSync(url, 'r');
    const buf = Buffer.alloc(8 << 20);
    try {
      while (readSync(fd, buf, 0, buf.length, null) > 0);
    } finally {
      closeSync(fd);
    }
  } else {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query('CREATE EXTENSION IF NOT EXISTS pg_prewarm');
    await c.query("SELECT pg_prewarm(c.oid, 'read') FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'i', 't')");
    await c.end();
  }
  return Math.round((performance.now() - t0) / 100) / 10;
}

/** A database with `n` generated contracts on `backend`: made now, or kept from an earlier run of the same generator. */
async function database(n: number, backend: 'sqlite' | 'postgres', pgServer: () => Promise<string>): Promise<{ url: string; drop: () => Promise<void>; loadS: number | null; rows?: Record<string, number> }> {
  const marker = `bench:${GENERATOR_VERSION}:${SEED}:${n}`;
  let url: string;
  let drop = async () => {};
  if (backend === 'sqlite') {
    const dir = KEEP_DIR ?? mkdtempSync(path.join(tmpdir(), 'prasasti-bench-db-'));
    mkdirSync(dir, { recursive: true });
    url = path.join(dir, `contracts-${n}.sqlite`);
    if (!KEEP_DIR) drop = async () => rmSync(dir, { recursive: true, force: true });
    else if (existsSync(url) && (await kept(url, marker))) return { url, drop, loadS: null };
    for (const f of [url, `${url}-wal`, `${url}-shm`]) rmSync(f, { force: true });
  } else {
    const server = await pgServer();
    const name = `bench_${n}`;
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    const exists = (await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
    const u = new URL(server);
    u.pathname = `/${name}`;
    url = u.toString();
    if (exists && KEEP_DIR && (await kept(url, marker))) {
      await admin.end();
      return { url, drop, loadS: null };
    }
    if (exists) await admin.query(`DROP DATABASE "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
    if (!KEEP_DIR)
      drop = async () => {
        const c = new pg.Client({ connectionString: server });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await c.end();
      };
  }
  log(`${backend} ${n}: generating and loading (bypassing the indexer)`);
  const stats = await loadReadModels(url, n, SEED, log);
  const rm = await openReadModels({ url });
  await setMeta(rm.db, 'bench_generator', marker);
  await rm.close();
  log(`${backend} ${n}: loaded in ${stats.seconds} s: ${JSON.stringify(stats.rows)}`);
  return { url, drop, loadS: stats.seconds, rows: stats.rows };
}

async function kept(url: string, marker: string): Promise<boolean> {
  const rm = await openReadModels({ url });
  try {
    return (await getMeta(rm.db, 'bench_generator')) === marker;
  } finally {
    await rm.close();
  }
}

/**
 * Indexer catch-up on a real chain: a 4-validator network lives through the demo world, two
 * scenarios and a burst of public complaints; then a fresh indexer (with its verifying replica)
 * indexes every block into SQLite and into PostgreSQL.
 */
async function indexerCatchUp(pgServer: () => Promise<string>): Promise<Array<Record<string, unknown>>> {
  const tn = await startTestNetwork(4, { timeScale: 86_400 });
  const work = mkdtempSync(path.join(tmpdir(), 'prasasti-bench-ix-'));
  try {
    const layout = tn.net.layout;
    await seedDemoWorld(layout, tn.net.rpcUrl(0));
    saveKey(layout.keysDir, newMemberKey('warga-cibiru')); // the scenario's citizen: a key of the public, on no member list
    const pool = new SignerPool(layout.chainId, loadKeys(layout.keysDir));
    await Promise.all([
      constructionTenderToFho(new NetworkPort(pool, tn.net.rpcUrl(0)), 'bx', { bidDays: 15, permanentWorks: false }),
      blacklistAndComplaint(new NetworkPort(pool, tn.net.rpcUrl(2)), 'bx', { bidDays: 15 }),
    ]);
    // Complaints from keys of the public (each its own signer, nonces 1, 2, …) about the scenario's contract and tender.
    const citizens = Array.from({ length: 8 }, (_, c) => newMemberKey(`warga-bench-${c}`));
    const perCitizen = 400;
    await Promise.all(
      citizens.map(async (k, c) => {
        const txs = Array.from({ length: perCitizen }, (_, n) =>
          buildTx(k, layout.chainId, n + 1, 'complaint.file', {
            complaintId: `aduan-bench-${c}-${n}`,
            subject: n % 2 ? { kind: 'contract', id: 'kontrak-sdn-bx' } : { kind: 'tender', id: 'tender-sdn-bx' },
            text: `Warga melaporkan dugaan ketidaksesuaian volume pekerjaan di lapangan (laporan ${c}-${n}); mohon diperiksa oleh APIP`,
            evidenceHashes: [sha256Hex(`foto lapangan ${c} ${n}`)],
          }),
        );
        for (let i = 0; i < txs.length; i += 10) {
          const res = await batchBroadcast(tn.net.rpcUrl(c % 4), txs.slice(i, i + 10));
          const bad = res.find((r) => r.code !== 0);
          if (bad) throw new Error(`complaint refused at CheckTx: ${bad.code} ${bad.log}`);
        }
      }),
    );
    // Wait for the mempools to drain, then index up to the height reached.
    for (;;) {
      const r = (await (await fetch(`${tn.net.rpcUrl(1)}/num_unconfirmed_txs`)).json()) as { result: { total: string } };
      if (r.result.total === '0') break;
      await new Promise((res) => setTimeout(res, 500));
    }
    await new Promise((res) => setTimeout(res, 2000));
    const target = await latestHeight(tn.net.rpcUrl(1));
    const rows: Array<Record<string, unknown>> = [];
    for (const backend of BACKENDS) {
      let url = path.join(work, `ix-${backend}.sqlite`);
      let drop = async () => {};
      if (backend === 'postgres') {
        const server = await pgServer();
        const admin = new pg.Client({ connectionString: server });
        await admin.connect();
        await admin.query('DROP DATABASE IF EXISTS bench_indexer WITH (FORCE)');
        await admin.query('CREATE DATABASE bench_indexer');
        await admin.end();
        const u = new URL(server);
        u.pathname = '/bench_indexer';
        url = u.toString();
        drop = async () => {
          const c = new pg.Client({ connectionString: server });
          await c.connect();
          await c.query('DROP DATABASE IF EXISTS bench_indexer WITH (FORCE)');
          await c.end();
        };
      }
      const rm = await openReadModels({ url });
      const ix = await Indexer.open({ rpcUrl: tn.net.rpcUrl(1), dataDir: path.join(work, `replica-${backend}`), readModels: rm, ocidPrefix: 'ocds-prst01' });
      const t0 = performance.now();
      const reached = await ix.catchUp(target);
      const seconds = (performance.now() - t0) / 1000;
      ix.close();
      const txs = Number((await rm.db.selectFrom('block').select((eb) => eb.fn.sum<number>('txs').as('n')).executeTakeFirst())?.n ?? 0);
      await rm.close();
      await drop();
      const row = { indexer: true, backend, blocks: reached, txs, seconds: Math.round(seconds * 100) / 100, tx_per_s: Math.round(txs / seconds), blocks_per_s: Math.round(reached / seconds) };
      log(`indexer catch-up, ${backend}: ${JSON.stringify(row)}`);
      rows.push(row);
    }
    return rows;
  } finally {
    await tn.close();
    rmSync(work, { recursive: true, force: true });
  }
}

async function main() {
  let pgTest: TestPostgres | undefined;
  const pgServer = async () => {
    if (process.env.PRASASTI_BENCH_PG_URL) return process.env.PRASASTI_BENCH_PG_URL;
    pgTest ??= await startPostgres();
    return pgTest.url;
  };
  const rows: Row[] = [];
  const detail: Array<Record<string, unknown>> = [];
  try {
    for (const n of SIZES) {
      for (const backend of BACKENDS) {
        const db = await database(n, backend, pgServer);
        try {
          const rm = await openReadModels({ url: db.url });
          const prewarmS = await prewarm(db.url, backend);
          log(`${backend} ${n}: read the whole database once (${prewarmS} s)`);
          const api = await startApi(rm);
          try {
            const spec: LoadSpec = { url: api.url, connections: CONNECTIONS, warmupS: WARMUP, measureS: SECONDS, seed: SEED, contracts: n, detailShare: DETAIL_SHARE, buyers: buyers().map((b) => b.id), statuses: [...STATUSES], queries: QUERIES };
            log(`${backend} ${n}: lists read into memory in ${api.listsLoadS} s; ${RATE} req/s offered, then ${CONNECTIONS} connections in a closed loop; ${WARMUP} s warm-up, ${SECONDS} s measured`);
            const fingerprint = await answers(spec);
            // The machine is shared: what else was running shows in the load average.
            const load1 = loadavg()[0]!;
            const r = await runLoad({ ...spec, rate: RATE });
            log(`${backend} ${n} at ${RATE} req/s: ${JSON.stringify({ search: r.search, detail: r.detail, req_per_s: r.reqPerS })}`);
            const sat = await runLoad(spec);
            log(`${backend} ${n} saturation: ${JSON.stringify({ search: sat.search, detail: sat.detail, req_per_s: sat.reqPerS })}`);
            for (const x of [r, sat]) if (x.search.errors || x.detail.errors) throw new Error(`${backend} ${n}: ${x.search.errors + x.detail.errors} requests failed, first: ${x.firstError}`);
            // Each kind alone, to tell a request's own cost from its wait behind the other kind.
            const alone: Record<string, LoadResult> = {};
            for (const [mix, share] of [['detail_only', 1], ['search_only', 0]] as const) {
              alone[mix] = await runLoad({ ...spec, detailShare: share, measureS: ALONE_SECONDS });
              log(`${backend} ${n} ${mix}: ${JSON.stringify({ search: alone[mix]!.search, detail: alone[mix]!.detail, req_per_s: alone[mix]!.reqPerS })}`);
            }
            const row: Row = {
              contracts: n,
              backend,
              search_p50_ms: r.search.p50Ms,
              search_p95_ms: r.search.p95Ms,
              detail_p50_ms: r.detail.p50Ms,
              detail_p95_ms: r.detail.p95Ms,
              req_per_s: r.reqPerS,
              saturation_req_per_s: sat.reqPerS,
              saturation_search_p95_ms: sat.search.p95Ms,
              saturation_detail_p95_ms: sat.detail.p95Ms,
            };
            console.log(JSON.stringify(row));
            rows.push(row);
            detail.push({ contracts: n, backend, load_s: db.loadS, rows: db.rows, answers_sha256: fingerprint, prewarm_s: prewarmS, lists_load_s: api.listsLoadS, lists_memory_mb: api.listsMemoryMb, load_average_1m_before: Math.round(load1 * 100) / 100, at_rate: { offered_req_per_s: RATE, search: r.search, detail: r.detail, slowest_searches: r.slowest }, saturation: { search: sat.search, detail: sat.detail, slowest_searches: sat.slowest }, alone: Object.fromEntries(Object.entries(alone).map(([k, a]) => [k, { req_per_s: a.reqPerS, search: a.search, detail: a.detail }])) });
          } finally {
            await api.close();
            await rm.close();
          }
        } finally {
          await db.drop();
        }
      }
    }
    // The two backends must have answered the same sample identically at every size.
    const identical = Object.fromEntries(SIZES.map((n) => [n, new Set(detail.filter((d) => d.contracts === n).map((d) => d.answers_sha256)).size === 1]));
    log(`identical answers on ${BACKENDS.join(' and ')}: ${JSON.stringify(identical)}`);
    const indexer = SKIP_INDEXER ? [] : await indexerCatchUp(pgServer);
    for (const r of indexer) console.log(JSON.stringify(r));
    const atMillion = rows.filter((r) => r.contracts === 1_000_000);
    const result = {
      rows: [...rows, ...indexer],
      targets_at_1m: { ...TARGETS, at_offered_req_per_s: RATE },
      identical_answers_across_backends: identical,
      targets_met: Object.fromEntries(atMillion.map((r) => [r.backend, { search: r.search_p95_ms <= TARGETS.search_p95_ms, detail: r.detail_p95_ms <= TARGETS.detail_p95_ms }])),
      method:
        `read models filled by a seeded generator with bulk inserts (bypassing the indexer; the product's indexes); the real Fastify API over the real query layer in this process; ` +
        `load from a second Node process, ${WARMUP} s warm-up then ${SECONDS} s measured: first ${RATE} requests/s offered on a fixed schedule (open loop, at most ${CONNECTIONS} keep-alive connections; each latency from the request's due time, so waiting counts) — the rows' latencies — then ${CONNECTIONS} connections in a closed loop (each sends its next request when answered) — the saturation_* fields; ` +
        `${Math.round(DETAIL_SHARE * 100)} % contract pages by random id, the rest contract lists: 35 % a common word, 30 % a rare word or prefix, 15 % common + rare, 20 % no words; ` +
        'a buyer filter on 40 % (skewed to big buyers), a status filter on 30 %, sorted by value on 30 % (else most recent); latencies are per request as the load process saw them. ' +
        'Indexer: a 4-validator network through the demo world, two scenarios and 3,200 public complaints, then a fresh indexer (verifying replica) from block 1 to the tip; tx/s = txs indexed / seconds',
      queries: QUERIES,
      detail,
      machine: machine(),
      measured_at: new Date().toISOString(),
    };
    mkdirSync(path.join(PROJECT_ROOT, 'bench', 'results'), { recursive: true });
    const out = path.join(PROJECT_ROOT, 'bench', 'results', 'api-read.json');
    writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
    log(`wrote ${out}`);
  } finally {
    await pgTest?.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
