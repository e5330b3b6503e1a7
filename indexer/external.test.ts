/**
 * Imported processes in the read models, and the query layer on both backends: the real OCDS and
 * SPSE data go into SQLite and into PostgreSQL, and every query below must give the same answer
 * on both, page by page.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { openReadModels, type ReadModels } from './db.js';
import { storeExternal } from './external.js';
import { Queries, PUBLIC, type ListFilter } from './queries.js';
import { importOcdsFile } from '../api/ocds/import.js';
import { importSpseExport } from '../api/ocds/import-spse.js';
import { sharedDataDir } from '../cli/tools.js';
import { startPostgres } from '../test/support/postgres.js';

async function load(rm: ReadModels): Promise<number> {
  const data = sharedDataDir();
  let n = 0;
  for (const f of ['ocds-real/armenia_sample-data/release-package-6.json', 'ocds-real/indonesia-birms-kota-bandung/birms-open-awarded-releases.jsonl', 'ocds-real/paraguay_ocdskit/release-package_1.1-2.json', 'ocds-real/mexico-federal_ocdskit/record-package-1-2.json']) {
    n += await storeExternal(rm.db, importOcdsFile(path.join(data, f)).processes);
  }
  n += await storeExternal(rm.db, importSpseExport(path.join(data, 'spse-isb-kab-bandung-2025')).processes);
  return n;
}

/** Every page of a list, following the cursors. */
async function all(q: Queries, kind: 'processes' | 'contracts', f: ListFilter): Promise<unknown[]> {
  const out: unknown[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 200; i++) {
    const page = kind === 'processes' ? await q.listProcesses(PUBLIC, { ...f, ...(cursor ? { cursor } : {}) }) : await q.listContracts(PUBLIC, { ...f, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    if (!page.next) return out;
    cursor = page.next;
  }
  throw new Error('too many pages');
}

const FILTERS: Array<['processes' | 'contracts', ListFilter]> = [
  ['processes', { limit: 7 }],
  ['processes', { q: 'jalan', limit: 5 }],
  ['processes', { q: 'pembangunan jal', sort: 'value_desc', limit: 4 }],
  ['processes', { source: 'spse:kab-bandung-2025', sort: 'value_asc', limit: 9 }],
  ['processes', { minValue: 100_000_000, maxValue: 5_000_000_000, sort: 'value_desc', limit: 10 }],
  ['processes', { status: 'complete', limit: 25 }],
  ['processes', { q: 'zzzznotaword' }],
  ['contracts', { limit: 11 }],
  ['contracts', { q: 'cv', sort: 'value_desc', limit: 6 }],
  ['contracts', { from: '2025-01-01', sort: 'value_asc', limit: 8 }],
];

test('imported OCDS and SPSE processes: SQLite and PostgreSQL give identical answers to every query, page by page', async () => {
  const sqlite = await openReadModels({ url: ':memory:' });
  const pg = await startPostgres();
  const postgres = await openReadModels({ url: pg.url });
  try {
    const [a, b] = [await load(sqlite), await load(postgres)];
    assert.equal(a, b);
    assert.ok(a > 300, `imported ${a} processes`);
    const qs = new Queries(sqlite.db);
    const qp = new Queries(postgres.db);
    for (const [kind, f] of FILTERS) {
      const [x, y] = [await all(qs, kind, f), await all(qp, kind, f)];
      assert.deepEqual(y, x, `${kind} ${JSON.stringify(f)}`);
      if (!f.q?.startsWith('zzzz')) assert.ok(x.length > 0, `${kind} ${JSON.stringify(f)} finds something`);
      else assert.equal(x.length, 0);
    }
    // Search really narrows: every hit for "jalan" has a word starting with it.
    const hits = (await all(qs, 'processes', { q: 'jalan' })) as Array<{ title: string; buyer: { name: string } }>;
    for (const h of hits) assert.match(`${h.title} ${h.buyer.name}`.toLowerCase(), /jalan/);
    // Re-importing replaces, never duplicates.
    const before = (await all(qs, 'processes', {})).length;
    await load(sqlite);
    assert.equal((await all(qs, 'processes', {})).length, before);
  } finally {
    await sqlite.close();
    await postgres.close();
    await pg.stop();
  }
});

test('the Mexico City fixtures round-trip through our importer, the read models and our OCDS export to ocdskit’s expected compiled releases (personal contact details masked the same way)', async () => {
  const { OcdsPublisher } = await import('../api/ocds/from-ledger.js');
  const { maskDeep } = await import('../api/ops/mask.js');
  const { readFileSync } = await import('node:fs');
  const dir = path.join(sharedDataDir(), 'ocds-real/mexico-cdmx_ocdskit');
  const rm = await openReadModels({ url: ':memory:' });
  try {
    const q = new Queries(rm.db);
    const ocds = new OcdsPublisher(rm.db, q, { ocidPrefix: 'ocds-prst01', publisher: { name: 'Prasasti' }, baseUri: 'https://prasasti.example.go.id/ocds' });
    for (const n of [1, 2]) {
      const { processes } = importOcdsFile(path.join(dir, `release-package-${n}.json`));
      assert.equal(processes.length, 1);
      await storeExternal(rm.db, processes);
      const [listed] = (await q.listProcesses(PUBLIC, { source: processes[0]!.source, q: processes[0]!.ocid })).items;
      assert.ok(listed, 'the imported process is listed and found by its ocid');
      const pkg = (await ocds.recordPackage(listed.id)) as { records: Array<{ compiledRelease: unknown }> };
      const expected = JSON.parse(readFileSync(path.join(dir, `compiled-release-${n}.json`), 'utf8')) as unknown;
      assert.deepEqual(pkg.records[0]!.compiledRelease, maskDeep(expected));
      assert.notDeepEqual(maskDeep(expected), expected, 'the fixture does carry an official’s e-mail, which the gateway masks');
    }
  } finally {
    await rm.close();
  }
});
