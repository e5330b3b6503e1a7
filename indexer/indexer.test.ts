/**
 * The indexer against a real 4-validator network (real CometBFT, one ledger application per
 * institution): the demo world is seeded, then the construction tender runs to FHO while a supplier
 * is blacklisted and a citizen's complaint answered. The chain is then pinned at one height and
 * indexed several ways — fresh, killed mid-catch-up and resumed, failed at the worst spot (read
 * models committed, replica not), rebuilt from height 1, into PostgreSQL — and every way must give
 * the same read models, row for row, as the first full index. A replica fed a block whose AppHash
 * or result code the validators did not commit stops and commits nothing.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { loadKeys, newMemberKey, saveKey } from '../cli/keyfile.js';
import { NetworkPort, SignerPool } from '../cli/lifecycle.js';
import { seedDemoWorld } from '../cli/seed.js';
import { startTestNetwork, type TestNetwork } from '../test/support/network.js';
import { startPostgres, type TestPostgres } from '../test/support/postgres.js';
import { blacklistAndComplaint, constructionTenderToFho } from '../test/support/scenarios.js';
import { getMeta, openReadModels, setMeta, type ReadModels, type Tables } from './db.js';
import { fetchBlock, fetchGenesis, Indexer, latestHeight, PROJECTION } from './indexer.js';
import { DivergenceError, Replica } from './replica.js';
import { tokens } from './search.js';

const OCID_PREFIX = 'ocds-prasasti';
const MAIN = fileURLToPath(new URL('./index-main.ts', import.meta.url));
const REPO = fileURLToPath(new URL('..', import.meta.url));

/** Every read-model table with its primary key: the dump lists rows in key order. */
const PRIMARY_KEYS: Record<keyof Tables, string[]> = {
  meta: ['name'],
  block: ['height'],
  tx: ['hash'],
  event: ['seq'],
  record: ['key'],
  org: ['id'],
  member: ['id'],
  package: ['id'],
  process: ['id'],
  contract: ['id'],
  bid: ['tender', 'bidder'],
  participant: ['org', 'tender'],
  payment_order: ['contract', 'no'],
  payment: ['contract', 'order_no', 'no'],
  complaint: ['id'],
  sanction: ['id'],
  anchor: ['seq'],
  search_token: ['token', 'kind', 'id'],
};
type Row = Record<string, unknown>;
type Dump = Record<string, Row[]>;

/** Every table, rows sorted by primary key (byte order on both backends), as plain JSON values. */
async function dump(rm: ReadModels): Promise<Dump> {
  const out: Dump = {};
  for (const [table, key] of Object.entries(PRIMARY_KEYS)) {
    const r = await sql<Row>`SELECT * FROM ${sql.table(table)} ORDER BY ${sql.join(key.map((c) => sql.ref(c)))}`.execute(rm.db);
    // lists_generation tells a running query layer to read its lists again (list-index.ts): a new
    // random value at each rebuild or import by design, and not part of the read models.
    out[table] = r.rows.filter((row) => !(table === 'meta' && row.name === 'lists_generation')).map((row) => JSON.parse(JSON.stringify(row)) as Row);
  }
  return out;
}

/** Compares two dumps table by table and names the first row that differs (a whole-dump diff is unreadable). */
function assertSameDump(got: Dump, want: Dump, what: string): void {
  assert.deepEqual(Object.keys(got), Object.keys(want));
  for (const table of Object.keys(want)) {
    const g = got[table]!;
    const w = want[table]!;
    const n = Math.max(g.length, w.length);
    for (let i = 0; i < n; i++) {
      if (JSON.stringify(g[i]) !== JSON.stringify(w[i])) {
        assert.deepEqual(g[i], w[i], `${what}: table ${table} row ${i} differs (got ${g.length} rows, want ${w.length})`);
      }
    }
  }
  assert.equal(JSON.stringify(got), JSON.stringify(want), `${what}: same canonical dump`);
}

const sha256Hex = (s: string) => createHash('sha256').update(s).digest('hex');
const rowsOf = (d: Dump, table: keyof Tables) => d[table]!;

let tn: TestNetwork;
let rpcUrl: string;
let target: number;
let totalTxs: number;
let D: Dump;
let pgServer: Promise<{ server?: TestPostgres; error?: unknown }>;
const work = mkdtempSync(path.join(tmpdir(), 'prasasti-indexer-test-'));
let nextDir = 0;
/** The database (and replica folder) the failure test indexed to the target; the rebuild test starts from it. */
let indexed: { db: string; data: string } | undefined;
/** A new empty folder under the run's work folder. */
function freshDir(name: string): string {
  const dir = path.join(work, `${name}-${nextDir++}`);
  mkdirSync(dir);
  return dir;
}

/** Indexes the pinned chain into `url` with a fresh replica; returns the read models (open) and the throughput. */
async function indexFresh(url: string, dataDir: string): Promise<{ rm: ReadModels; seconds: number }> {
  const rm = await openReadModels({ url });
  const ix = await Indexer.open({ rpcUrl, dataDir, readModels: rm, ocidPrefix: OCID_PREFIX });
  const t0 = performance.now();
  const reached = await ix.catchUp(target);
  const seconds = (performance.now() - t0) / 1000;
  ix.close();
  assert.equal(reached, target);
  return { rm, seconds };
}

function throughput(label: string, seconds: number): string {
  return `# ${label}: ${target} blocks, ${totalTxs} txs in ${seconds.toFixed(2)} s = ${(target / seconds).toFixed(0)} blocks/s, ${(totalTxs / seconds).toFixed(0)} tx/s`;
}

before(async () => {
  // The PostgreSQL server starts while the network lives through the scenarios.
  pgServer = startPostgres().then((server) => ({ server }), (error: unknown) => ({ error }));
  tn = await startTestNetwork(4, { timeScale: 86_400 });
  const layout = tn.net.layout;
  const started = Date.now();
  await seedDemoWorld(layout, tn.net.rpcUrl(0));
  saveKey(layout.keysDir, newMemberKey('warga-cibiru')); // a citizen's own key: on no member list
  const pool = new SignerPool(layout.chainId, loadKeys(layout.keysDir));
  await Promise.all([
    constructionTenderToFho(new NetworkPort(pool, tn.net.rpcUrl(0)), 'n1', { bidDays: 15, permanentWorks: false }),
    blacklistAndComplaint(new NetworkPort(pool, tn.net.rpcUrl(2)), 'n1', { bidDays: 15 }),
  ]);
  // Indexers read from a node that did not drive the scenarios; all of them stop at this height.
  rpcUrl = tn.net.rpcUrl(1);
  target = await latestHeight(rpcUrl);
  console.log(`# seed and scenarios took ${((Date.now() - started) / 1000).toFixed(1)} s; indexing blocks 1..${target}`);

  const { rm, seconds } = await indexFresh(path.join(freshDir('full'), 'read.sqlite'), freshDir('full-data'));
  D = await dump(rm);
  await rm.close();
  totalTxs = rowsOf(D, 'block').reduce((s, b) => s + (b.txs as number), 0);
  console.log(throughput('SQLite catch-up', seconds));
});

after(async () => {
  await tn?.close();
  const pgs = await pgServer;
  await pgs?.server?.stop();
  rmSync(work, { recursive: true, force: true });
});

test('a full index into a fresh SQLite holds the chain: blocks, txs, events, the contract and its money, the complaint, the sanction, anchors, search', () => {
  const meta = Object.fromEntries(rowsOf(D, 'meta').map((r) => [r.name, r.value]));
  assert.equal(meta.height, String(target), 'the cursor is at the pinned height');
  assert.equal(meta.chain_id, 'prasasti-it');
  assert.deepEqual(rowsOf(D, 'block').map((b) => b.height), Array.from({ length: target }, (_, i) => i + 1), 'every block, once');
  assert.ok(totalTxs > 100, `got ${totalTxs} txs, want the seed and two scenarios`);
  // One row per tx hash. Refused bytes (a refusal does not use up the nonce) may be included again
  // and succeed: the row is then that inclusion, the one its events and anchors point to.
  const txs = new Map(rowsOf(D, 'tx').map((t) => [t.hash, t]));
  assert.ok(txs.size <= totalTxs && txs.size > totalTxs - 10, `got ${txs.size} tx rows for ${totalTxs} txs in blocks`);
  for (const e of [...rowsOf(D, 'event'), ...rowsOf(D, 'anchor')]) {
    const t = txs.get(e.tx_hash);
    assert.deepEqual([t?.height, t?.code], [e.height, 0], `the tx row of ${e.tx_hash} is the inclusion at ${e.height} that succeeded`);
  }

  const events = rowsOf(D, 'event');
  assert.ok(events.length > 0);
  assert.deepEqual(events.map((e) => e.seq), Array.from({ length: events.length }, (_, i) => i + 1), 'feed positions are consecutive from 1');
  assert.equal(meta.seq, String(events.length + 1));

  const contract = rowsOf(D, 'contract').find((c) => c.id === 'kontrak-sdn-n1');
  assert.ok(contract, 'the construction contract has a row');
  assert.deepEqual(
    [contract.value, contract.status, contract.buyer_org, contract.supplier_org, contract.supplier_name, contract.process_id, contract.method],
    [2_190_000_000, 'closed', 'pemkot-bandung', 'pt-karya-beton', 'PT Karya Beton Parahyangan', 'tender-sdn-n1', 'tender'],
  );
  const orders = rowsOf(D, 'payment_order').filter((o) => o.contract === 'kontrak-sdn-n1');
  assert.deepEqual(orders.map((o) => [o.no, o.kind, o.status]), [
    [1, 'advance', 'paid'],
    [2, 'milestone', 'paid'],
    [3, 'milestone', 'paid'],
    [4, 'milestone', 'paid'],
    [5, 'retention', 'paid'],
  ]);
  assert.equal(orders.reduce((s, o) => s + (o.net as number), 0), 2_190_000_000, 'the orders add up to the contract value');
  const payments = rowsOf(D, 'payment').filter((p) => p.contract === 'kontrak-sdn-n1');
  assert.equal(payments.length, 5);
  assert.equal(payments.reduce((s, p) => s + (p.amount as number), 0), 2_190_000_000, 'paid in full');

  const bids = rowsOf(D, 'bid').filter((b) => b.tender === 'tender-sdn-n1');
  assert.deepEqual(bids.map((b) => [b.bidder, b.status, b.price]), [
    ['cv-bangun-sekolah', 'opened', 2_280_000_000],
    ['pt-jalan-mulus', 'opened', 2_510_000_000],
    ['pt-karya-beton', 'opened', 2_190_000_000],
  ]);
  assert.ok(bids.every((b) => !/ciphertext|shares/i.test(b.doc as string)), 'no sealed content in the read model');
  // Each bidder registered first: the suppliers' own lists of tenders hold the tender.
  assert.deepEqual(rowsOf(D, 'participant').filter((p) => p.tender === 'tender-sdn-n1').map((p) => p.org).sort(), bids.map((b) => b.bidder));

  const complaint = rowsOf(D, 'complaint').find((c) => c.id === 'aduan-n1');
  assert.deepEqual([complaint?.subject_kind, complaint?.subject_id, complaint?.status], ['tender', 'tender-alkes-n1', 'answered']);
  const sanction = rowsOf(D, 'sanction').find((s) => s.id === 'dh-cahaya-n1');
  assert.deepEqual([sanction?.supplier, sanction?.buyer_org, sanction?.status], ['pt-cahaya-pratama', 'pemkot-bandung', 'listed']);

  const anchors = rowsOf(D, 'anchor');
  const fho = anchors.find((a) => a.sha256 === sha256Hex('BAST FHO'));
  assert.deepEqual([fho?.field, fho?.subject_kind, fho?.subject_id, fho?.signer], ['bastHash', 'contract', 'kontrak-sdn-n1', 'bdg-ppk-sekolah'], 'the FHO minutes are anchored to the contract');
  const evidence = anchors.find((a) => a.sha256 === sha256Hex('foto spesifikasi'));
  assert.deepEqual([evidence?.field, evidence?.subject_kind, evidence?.subject_id], ['evidenceHashes', 'complaint', 'aduan-n1']);

  // A word of the contract's title finds it (the tokenizer lower-cases and strips diacritics).
  const [word] = tokens('Gedung');
  const found = rowsOf(D, 'search_token').filter((t) => t.token === word).map((t) => `${t.kind}:${t.id}`);
  assert.ok(found.includes('contract:kontrak-sdn-n1') && found.includes('process:tender-sdn-n1'), `got ${found.join(', ')}`);

  const count = (t: keyof Tables) => rowsOf(D, t).length;
  console.log(`# D at height ${target}: ${Object.keys(PRIMARY_KEYS).map((t) => `${t} ${count(t as keyof Tables)}`).join(', ')}`);
});

test('killed mid-catch-up (SIGKILL of index-main), then resumed: the same read models as D', async () => {
  const db = path.join(freshDir('killed'), 'read.sqlite');
  const data = freshDir('killed-data');
  const killAt = Math.floor(target / 2);
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--rpc', rpcUrl, '--db', db, '--data', data, '--to', String(target)], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  let lastSeen = 0;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let buffered = '';
  child.stdout.on('data', (c: Buffer) => {
    buffered += c.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) {
      const m = /^height (\d+)$/.exec(line);
      if (m) lastSeen = Number(m[1]);
      if (lastSeen >= killAt && child.exitCode === null && !child.killed) child.kill('SIGKILL');
    }
  });
  const { signal } = await exited;
  assert.equal(signal, 'SIGKILL', `index-main was not killed (it printed height ${lastSeen}); stderr: ${stderr}`);

  // What the kill left: the cursor and the block rows moved together, short of the target.
  const rm = await openReadModels({ url: db });
  const cursor = Number(await getMeta(rm.db, 'height'));
  const maxBlock = (await rm.db.selectFrom('block').select((eb) => eb.fn.max('height').as('h')).executeTakeFirst())?.h;
  assert.equal(maxBlock, cursor, 'the rows and the cursor commit in one transaction');
  assert.ok(cursor >= killAt && cursor < target, `killed at height ${cursor}, want between ${killAt} and ${target - 1}`);
  const replica = await Replica.open(path.join(data, 'replica.sqlite'), await fetchGenesis(rpcUrl));
  const replicaHeight = replica.height();
  replica.close();
  assert.ok(replicaHeight === cursor || replicaHeight === cursor - 1, `got the replica at ${replicaHeight} and the read models at ${cursor}`);

  const ix = await Indexer.open({ rpcUrl, dataDir: data, readModels: rm, ocidPrefix: OCID_PREFIX });
  assert.equal(await ix.height(), cursor, 'resumes from the cursor');
  assert.equal(await ix.catchUp(target), target);
  ix.close();
  assertSameDump(await dump(rm), D, 'after SIGKILL and resume');
  await rm.close();
  console.log(`# SIGKILL after 'height ${lastSeen}' was printed: read models at ${cursor} of ${target}, replica at ${replicaHeight}; resumed to ${target}, dump = D`);
});

test('failed after the read models of a block committed and before the replica did: reopened, resumed, the same read models as D', async () => {
  // The block in the middle half of the chain with the most events: the most rows to get wrong on a replay.
  const eventsAt = new Map<number, number>();
  for (const e of rowsOf(D, 'event')) eventsAt.set(e.height as number, (eventsAt.get(e.height as number) ?? 0) + 1);
  const [failAt, failEvents] = [...eventsAt].filter(([h]) => h > target / 4 && h < (3 * target) / 4).reduce((best, x) => (x[1] > best[1] ? x : best));
  const db = path.join(freshDir('worst-spot'), 'read.sqlite');
  const data = freshDir('worst-spot-data');
  let rm = await openReadModels({ url: db });
  let ix = await Indexer.open({
    rpcUrl,
    dataDir: data,
    readModels: rm,
    ocidPrefix: OCID_PREFIX,
    afterProject: (h) => {
      if (h === failAt) throw new Error(`crash after projecting ${h}`);
    },
  });
  await assert.rejects(ix.catchUp(target), /crash after projecting/);
  assert.equal(await ix.height(), failAt, 'the read models of the failing block are committed');
  ix.close();
  await rm.close();

  rm = await openReadModels({ url: db });
  ix = await Indexer.open({ rpcUrl, dataDir: data, readModels: rm, ocidPrefix: OCID_PREFIX });
  assert.equal(await ix.height(), failAt);
  assert.equal(await ix.catchUp(target), target);
  ix.close();
  assertSameDump(await dump(rm), D, `after a failure between the two commits of block ${failAt}`);
  await rm.close();
  indexed = { db, data };
  console.log(`# failure at block ${failAt} (${failEvents} events) between the two commits: cursor ${failAt}, replica ${failAt - 1}; reopened and resumed to ${target}, dump = D`);
});

test('rebuild() on an already-indexed database: everything deleted and indexed again from height 1, the same read models as D', async () => {
  assert.ok(indexed, 'the previous test left an indexed database');
  const rm = await openReadModels({ url: indexed.db });
  assert.equal(await getMeta(rm.db, 'height'), String(target));
  const ix = await Indexer.open({ rpcUrl, dataDir: indexed.data, readModels: rm, ocidPrefix: OCID_PREFIX });
  const t0 = performance.now();
  assert.equal(await ix.rebuild(target), target);
  const seconds = (performance.now() - t0) / 1000;
  ix.close();
  assertSameDump(await dump(rm), D, 'after rebuild from height 1');
  await rm.close();
  console.log(`# rebuilt ${target} blocks in ${seconds.toFixed(2)} s, dump = D`);
});

test('read models written by an older projection (a table it did not fill): the indexer starts again from height 1 when opened, the same read models as D', async () => {
  assert.ok(indexed, 'an indexed database');
  const rm = await openReadModels({ url: indexed.db });
  // As an older gateway left them: no participant rows, an older projection version.
  await rm.db.deleteFrom('participant').execute();
  await setMeta(rm.db, 'projection', '1');
  const ix = await Indexer.open({ rpcUrl, dataDir: indexed.data, readModels: rm, ocidPrefix: OCID_PREFIX });
  assert.equal(await ix.height(), 0, 'opened: the old rows are gone and the cursor is back at 0');
  assert.equal(await ix.catchUp(target), target);
  ix.close();
  assert.equal(await getMeta(rm.db, 'projection'), PROJECTION);
  assertSameDump(await dump(rm), D, 'after the upgrade rebuild');
  // Opened again at the current version: nothing is redone.
  const again = await Indexer.open({ rpcUrl, dataDir: indexed.data, readModels: rm, ocidPrefix: OCID_PREFIX });
  assert.equal(await again.height(), target);
  again.close();
  await rm.close();
});

test('PostgreSQL: the same chain gives the same read models as SQLite, and a rebuild gives them again', async () => {
  const pgs = await pgServer;
  if (!pgs.server) throw pgs.error;
  const { rm, seconds } = await indexFresh(pgs.server.url, freshDir('pg-data'));
  try {
    assert.equal(rm.backend, 'postgres');
    console.log(throughput('PostgreSQL catch-up', seconds));
    assertSameDump(await dump(rm), D, 'PostgreSQL');
    const ix = await Indexer.open({ rpcUrl, dataDir: freshDir('pg-rebuild-data'), readModels: rm, ocidPrefix: OCID_PREFIX });
    assert.equal(await ix.rebuild(target), target);
    ix.close();
    assertSameDump(await dump(rm), D, 'PostgreSQL after rebuild');
  } finally {
    await rm.close();
  }
});

test('a block whose AppHash or result code differs from what the replica computes stops it, and nothing is committed', async () => {
  const genesis = await fetchGenesis(rpcUrl);
  const replica = await Replica.open(path.join(freshDir('divergence'), 'replica.sqlite'), genesis);
  try {
    // The first block with a successful transaction.
    const busy = rowsOf(D, 'tx').filter((t) => t.code === 0).reduce((m, t) => Math.min(m, t.height as number), Infinity);
    for (let h = 1; h < busy; h++) {
      await replica.execute(await fetchBlock(rpcUrl, h));
      replica.commit();
    }
    const block = await fetchBlock(rpcUrl, busy);
    const before = replica.store.info();
    const flipped = (block.appHash[0] === '0' ? '1' : '0') + block.appHash.slice(1);
    const ok = block.codes.findIndex((c) => c === 0);
    const cases = [
      { what: 'AppHash', tampered: { ...block, appHash: flipped }, want: /AppHash/ },
      { what: 'result code', tampered: { ...block, codes: block.codes.map((c, i) => (i === ok ? 1 : c)) }, want: new RegExp(`tx ${ok}: the replica got code 0`) },
    ];
    for (const c of cases) {
      await assert.rejects(replica.execute(c.tampered), (e: unknown) => e instanceof DivergenceError && c.want.test(e.message), `a wrong ${c.what} stops the replica`);
      assert.deepEqual(replica.store.info(), before, `got a moved replica after a wrong ${c.what}, want it where it was`);
      assert.equal(replica.pendingWrites().length, 0, `the block with a wrong ${c.what} left no staged writes`);
      assert.equal(replica.store.hasStagedBlock(), false);
    }
    // The untampered block then executes and commits normally.
    const r = await replica.execute(block);
    replica.commit();
    assert.equal(Buffer.from(r.appHash).toString('hex').toUpperCase(), block.appHash);
    assert.equal(replica.height(), busy);
    console.log(`# block ${busy} (${block.txs.length} txs): a flipped AppHash and a flipped code of tx ${ok} both stopped the replica at ${before.height}; the true block then committed`);
  } finally {
    replica.close();
  }
});
