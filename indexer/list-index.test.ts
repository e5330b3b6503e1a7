/**
 * Lists from memory (list-index.ts) against the reference SQL (queries.ts with `lists: 'sql'`), on
 * SQLite and on PostgreSQL: generated contracts and their tenders (bench/lib/read-model-data.ts,
 * the benchmark's generator) plus imported OCDS processes (missing values, names as suppliers),
 * then seeded random queries — words, prefixes, word pairs, every filter, every sort — followed
 * page by page. Every page must be the same from memory and from SQL, on both backends. Then the
 * read models change under a running memory index (a block's rows, an import) and the next answer
 * must already show it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openReadModels, setMeta, type ReadModels } from './db.js';
import { storeExternal } from './external.js';
import { Queries, PUBLIC, type ListFilter } from './queries.js';
import { tokens } from './search.js';
import { importOcdsFile } from '../api/ocds/import.js';
import { sharedDataDir } from '../cli/tools.js';
import { loadReadModels, Rng } from '../bench/lib/read-model-data.js';
import { startPostgres } from '../test/support/postgres.js';

const CONTRACTS = 3000;
const QUERIES = 250;

type Kind = 'processes' | 'contracts';

async function pages(q: Queries, kind: Kind, f: ListFilter, max = 3): Promise<unknown[][]> {
  const out: unknown[][] = [];
  let cursor: string | undefined;
  for (let i = 0; i < max; i++) {
    const page = kind === 'processes' ? await q.listProcesses(PUBLIC, { ...f, ...(cursor ? { cursor } : {}) }) : await q.listContracts(PUBLIC, { ...f, ...(cursor ? { cursor } : {}) });
    out.push(page.items);
    if (!page.next) break;
    cursor = page.next;
  }
  return out;
}

async function importSome(rm: ReadModels): Promise<void> {
  const data = sharedDataDir();
  for (const f of ['ocds-real/armenia_sample-data/release-package-6.json', 'ocds-real/paraguay_ocdskit/release-package_1.1-2.json']) {
    await storeExternal(rm.db, importOcdsFile(path.join(data, f)).processes);
  }
}

/** Seeded queries drawn from what the data holds: its words and their prefixes, its buyers, suppliers, statuses, values and dates. */
async function randomQueries(rm: ReadModels, seed: number): Promise<Array<[Kind, ListFilter]>> {
  const rng = new Rng(seed);
  const contracts = await rm.db.selectFrom('contract').select(['buyer_org', 'supplier_org', 'status', 'method', 'category', 'source', 'value', 'signed_at', 'title']).orderBy('id').execute();
  const processes = await rm.db.selectFrom('process').select(['buyer_org', 'suppliers', 'status', 'method', 'category', 'source', 'value', 'tender_start', 'title']).orderBy('id').execute();
  const out: Array<[Kind, ListFilter]> = [];
  for (let i = 0; i < QUERIES; i++) {
    const kind: Kind = rng.next() < 0.6 ? 'contracts' : 'processes';
    const row = kind === 'contracts' ? contracts[rng.int(contracts.length)]! : processes[rng.int(processes.length)]!;
    const other = kind === 'contracts' ? contracts[rng.int(contracts.length)]! : processes[rng.int(processes.length)]!;
    const f: ListFilter = { limit: 1 + rng.int(12) };
    const words = tokens(row.title);
    const w = rng.next();
    const word = () => words[rng.int(words.length)] ?? 'jalan';
    if (w < 0.25) f.q = word();
    else if (w < 0.4) f.q = word().slice(0, 2 + rng.int(3));
    else if (w < 0.55) f.q = `${word()} ${word()}`;
    else if (w < 0.65) f.q = `${word()} ${tokens(other.title)[0] ?? 'kantor'}`;
    else if (w < 0.7) f.q = 'zzqx';
    if (rng.next() < 0.3 && row.buyer_org) f.buyer = row.buyer_org;
    if (rng.next() < 0.25) f.status = row.status;
    if (rng.next() < 0.1) f.method = row.method;
    if (rng.next() < 0.1) f.category = row.category;
    if (rng.next() < 0.1) f.source = row.source;
    if (rng.next() < 0.1) {
      if (kind === 'contracts' && 'supplier_org' in row && row.supplier_org) f.supplier = row.supplier_org;
      if (kind === 'processes' && 'suppliers' in row && row.suppliers) f.supplier = row.suppliers.split('|')[1];
    }
    if (rng.next() < 0.15 && row.value !== null) f.minValue = Number(row.value);
    if (rng.next() < 0.15 && other.value !== null) f.maxValue = Number(other.value);
    const date = 'signed_at' in row ? row.signed_at : row.tender_start;
    if (rng.next() < 0.1 && date) f.from = date.slice(0, 10);
    if (rng.next() < 0.1 && date) f.to = date;
    const s = rng.next();
    if (s < 0.3) f.sort = 'value_desc';
    else if (s < 0.45) f.sort = 'value_asc';
    out.push([kind, f]);
  }
  return out;
}

async function same(rm: ReadModels, memory: Queries, sql: Queries, qs: Array<[Kind, ListFilter]>, when: string): Promise<void> {
  for (const [kind, f] of qs) assert.deepEqual(await pages(memory, kind, f), await pages(sql, kind, f), `${rm.backend} ${when}: ${kind} ${JSON.stringify(f)}`);
}

test('lists from memory give the same pages as SQL for random queries, on SQLite and PostgreSQL, and follow changes at once', { timeout: 600_000 }, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'prasasti-lists-'));
  const pg = await startPostgres();
  const backends: ReadModels[] = [];
  try {
    const file = path.join(dir, 'lists.sqlite');
    await loadReadModels(file, CONTRACTS, 7);
    await loadReadModels(pg.url, CONTRACTS, 7);
    for (const url of [file, pg.url]) {
      const rm = await openReadModels({ url });
      backends.push(rm);
      await importSome(rm);
    }
    const queries = await randomQueries(backends[0]!, 11);
    const answers: unknown[][][][] = [];
    let nonEmpty = 0;
    let multiPage = 0;
    for (const rm of backends) {
      const memory = new Queries(rm.db);
      const sql = new Queries(rm.db, { lists: 'sql' });
      const mine: unknown[][][] = [];
      for (const [kind, f] of queries) {
        const [m, s] = [await pages(memory, kind, f), await pages(sql, kind, f)];
        assert.deepEqual(m, s, `${rm.backend} ${kind} ${JSON.stringify(f)}`);
        mine.push(m);
        if (m[0]!.length) nonEmpty++;
        if (m.length > 1) multiPage++;
      }
      answers.push(mine);
    }
    assert.deepEqual(answers[1], answers[0], 'SQLite and PostgreSQL');
    // The random queries are not vacuous: most find something, many span pages.
    assert.ok(nonEmpty > QUERIES, `${nonEmpty / 2} of ${QUERIES} queries found rows`);
    assert.ok(multiPage > QUERIES / 3, `${multiPage / 2} of ${QUERIES} queries had several pages`);

    for (const rm of backends) {
      const memory = new Queries(rm.db);
      const sql = new Queries(rm.db, { lists: 'sql' });
      const before = await memory.listContracts(PUBLIC, { q: 'monorel', limit: 5 });
      // A block changes a contract: new title words, a new value, a new height, the cursor moves.
      const target = (await rm.db.selectFrom('contract').select(['id', 'updated_height']).orderBy('id').limit(1).executeTakeFirstOrThrow()).id;
      const height = Number((await rm.db.selectFrom('meta').select('value').where('name', '=', 'height').executeTakeFirst())?.value ?? '0') + 1;
      await rm.db.updateTable('contract').set({ title: 'Pembangunan Monorel Gedebage', value: 999_999_999_999, updated_height: height }).where('id', '=', target).execute();
      await rm.db.deleteFrom('search_token').where('kind', '=', 'contract').where('id', '=', target).execute();
      await rm.db.insertInto('search_token').values(tokens('Pembangunan Monorel Gedebage').map((token) => ({ token, kind: 'contract', id: target }))).execute();
      await setMeta(rm.db, 'height', String(height));
      const after = await memory.listContracts(PUBLIC, { q: 'monorel', limit: 5 });
      assert.ok(!before.items.some((c) => c.id === target), 'not a match before');
      assert.equal(after.items[0]?.id, target, 'the changed contract is found by its new word, first by height');
      assert.deepEqual(after, await sql.listContracts(PUBLIC, { q: 'monorel', limit: 5 }));
      const top = await memory.listContracts(PUBLIC, { sort: 'value_desc', limit: 1 });
      assert.equal(top.items[0]?.id, target, 'and first by its new value');
      // The row moved in both sort orders, and nothing else did.
      await same(rm, memory, sql, queries.slice(0, 80), 'after one row changed');
      // A block that changes many rows (more than are moved one by one: the orders are sorted again).
      const many = await rm.db.selectFrom('contract').select('id').where('source', '=', 'ledger').orderBy('id').limit(2_100).execute();
      await rm.db.updateTable('contract').set({ updated_height: height + 1 }).where('id', 'in', many.map((m) => m.id)).execute();
      await rm.db.updateTable('contract').set({ value: null }).where('id', 'in', many.slice(0, 40).map((m) => m.id)).execute();
      await setMeta(rm.db, 'height', String(height + 1));
      await same(rm, memory, sql, queries.slice(80, 200), 'after 2,100 rows changed');
      // An import (not a block): the memory lists read everything again.
      const mexico = importOcdsFile(path.join(sharedDataDir(), 'ocds-real/mexico-federal_ocdskit/record-package-1-2.json')).processes;
      await storeExternal(rm.db, mexico);
      const found = await memory.listProcesses(PUBLIC, { q: mexico[0]!.ocid, limit: 3 });
      assert.ok(found.items.length > 0, 'the imported process is listed at once');
      assert.deepEqual(found, await sql.listProcesses(PUBLIC, { q: mexico[0]!.ocid, limit: 3 }));
    }
  } finally {
    for (const rm of backends) await rm.close();
    await pg.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
