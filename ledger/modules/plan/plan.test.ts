import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TestChain } from '../../../test/support/chain.js';
import { TestSigners } from '../../../test/support/genesis.js';
import { codeName } from '../../codes.js';
import { CURRENT_RULESET, formatRupiah, methodProblem } from '../../rules/ruleset.js';

const name = (code: number) => codeName(code) ?? String(code);
const base = { title: 'Rehabilitasi Jalan Soekarno-Hatta Segmen 3', workUnit: 'Dinas Pekerjaan Umum', fiscalYear: 2026, budgetLine: '1.03.02.2.01.0019', justification: null };

test('methods must fit category and thresholds of the current rule-set (table)', () => {
  const cases: Array<[string, 'goods' | 'works' | 'consultancy' | 'other', Parameters<typeof methodProblem>[2], bigint, boolean]> = [
    ['works tender Rp8,6 M', 'works', 'tender', 8_600_000_000n, true],
    ['works PL Rp300 jt (≤ Rp400 jt)', 'works', 'pengadaan_langsung', 300_000_000n, true],
    ['works PL Rp450 jt', 'works', 'pengadaan_langsung', 450_000_000n, false],
    ['goods PL Rp185 jt', 'goods', 'pengadaan_langsung', 185_000_000n, true],
    ['goods PL Rp200 jt exactly', 'goods', 'pengadaan_langsung', 200_000_000n, true],
    ['goods PL Rp200 jt + 1', 'goods', 'pengadaan_langsung', 200_000_001n, false],
    ['consultancy PL Rp150 jt', 'consultancy', 'pengadaan_langsung', 150_000_000n, false],
    ['consultancy tender', 'consultancy', 'tender', 150_000_000n, false],
    ['consultancy seleksi Rp150 jt', 'consultancy', 'seleksi', 150_000_000n, true],
    ['works e-purchasing', 'works', 'e_purchasing', 100_000_000n, false],
    ['goods seleksi', 'goods', 'seleksi', 100_000_000n, false],
  ];
  for (const [label, category, method, pagu, allowed] of cases) {
    assert.equal(methodProblem(CURRENT_RULESET, category, method, pagu) === undefined, allowed, label);
  }
  assert.equal(formatRupiah(8_600_000_000n), 'Rp8.600.000.000');
  assert.equal(formatRupiah(185_000_000n), 'Rp185.000.000');
});

test('plan: the PA drafts, publishes and cancels packages; everything else is refused with a code and changes nothing', async () => {
  const c = await TestChain.create();
  const s = new TestSigners();
  const create = (by: string, packageId: string, extra: Record<string, unknown>) => s.tx(by, 'plan.create_package', { ...base, packageId, ...extra } as never);
  const failing = (tx: Uint8Array, by: string) => (s.unuse(by), tx);
  const pa = 'bdg-pa-dpu';
  let r = await c.block([
    create(pa, 'jalan-sh-2026', { category: 'works', method: 'tender', paguRupiah: '8600000000' }),
    failing(create(pa, 'konsultan-murah', { category: 'consultancy', method: 'pengadaan_langsung', paguRupiah: '150000000' }), pa),
    failing(create(pa, 'pl-tanpa-alasan', { category: 'goods', method: 'penunjukan_langsung', paguRupiah: '900000000' }), pa),
    failing(create('bdg-ppk', 'bukan-pa', { category: 'goods', method: 'tender', paguRupiah: '900000000' }), 'bdg-ppk'),
    failing(create(pa, 'uang-pecahan', { category: 'goods', method: 'tender', paguRupiah: '900000000.5' }), pa),
    failing(create(pa, 'nik-di-judul', { category: 'goods', method: 'tender', paguRupiah: '900000000', title: 'Pengadaan untuk NIK 3273012345678901' }), pa),
    failing(create(pa, 'jalan-sh-2026', { category: 'works', method: 'tender', paguRupiah: '1000000000' }), pa),
  ]);
  assert.deepEqual(r.txResults.map((t) => name(t.code)), ['OK', 'METHOD_NOT_ALLOWED', 'JUSTIFICATION_REQUIRED', 'UNAUTHORIZED', 'INVALID_BODY', 'PERSONAL_DATA', 'ALREADY_EXISTS']);
  const draft = await c.queryJson<{ status: string; rulesetId: string; paguRupiah: string; committedRupiah: string; orgId: string }>('/plan/package/jalan-sh-2026');
  assert.deepEqual(
    [draft.status, draft.rulesetId, draft.paguRupiah, draft.committedRupiah, draft.orgId],
    ['draft', CURRENT_RULESET.id, '8600000000', '0', 'pemkot-bandung'],
  );
  const before = c.appHash();
  r = await c.block([failing(s.tx('lkpp-admin', 'plan.publish_package', { packageId: 'jalan-sh-2026' }), 'lkpp-admin')]);
  assert.equal(name(r.txResults[0]!.code), 'UNAUTHORIZED');
  assert.equal(c.appHash(), before, 'a refused publication changes nothing');
  r = await c.block([s.tx(pa, 'plan.publish_package', { packageId: 'jalan-sh-2026' })]);
  assert.equal(r.txResults[0]!.code, 0);
  const published = await c.queryJson<{ status: string; publishedHeight: number; publishedTimeMs: number }>('/plan/package/jalan-sh-2026');
  assert.deepEqual([published.status, published.publishedHeight, published.publishedTimeMs], ['published', c.height, c.timeMs], 'block height and block time, not the wall clock');
  r = await c.block([failing(s.tx(pa, 'plan.publish_package', { packageId: 'jalan-sh-2026' }), pa)]);
  assert.equal(name(r.txResults[0]!.code), 'INVALID_STATE');
  r = await c.block([s.tx(pa, 'plan.cancel_package', { packageId: 'jalan-sh-2026', reason: 'Anggaran dialihkan untuk tanggap darurat banjir' })]);
  assert.equal(r.txResults[0]!.code, 0);
  const list = await c.queryJson<Array<{ id: string; status: string }>>('/plan/packages/pemkot-bandung');
  assert.deepEqual(list.map((p) => [p.id, p.status]), [['jalan-sh-2026', 'cancelled']]);
});
