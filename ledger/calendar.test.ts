import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TestChain } from '../test/support/chain.js';
import { TestSigners } from '../test/support/genesis.js';
import { DAY_MS, daysAfter, ledgerTimeMs } from './calendar.js';

test('ledger time: scale from genesis; the founders re-anchor it without a jump; days late are rounded up', async () => {
  assert.equal(ledgerTimeMs({ scale: 1, anchorMs: 1000, startMs: 1000 }, 5000), 5000, 'production: ledger time is block time');
  assert.equal(ledgerTimeMs({ scale: 86_400, anchorMs: 0, startMs: 10 * DAY_MS }, 2000), 12 * DAY_MS, 'demo: a second is a day');
  assert.deepEqual([daysAfter(0, 1), daysAfter(0, DAY_MS), daysAfter(0, DAY_MS + 1), daysAfter(5, 5), daysAfter(9, 5)], [1, 1, 2, 0, 0]);
  const c = await TestChain.create();
  const s = new TestSigners();
  const action = { kind: 'set_time_scale', scale: 86_400 };
  await c.block([s.tx('lkpp-admin', 'identity.propose', { proposalId: 'cepat', action })]);
  await c.block([s.tx('pemkot-bandung-admin', 'identity.approve', { proposalId: 'cepat' })]);
  const before = c.timeMs;
  await c.block([s.tx('bpkp-jabar-admin', 'identity.approve', { proposalId: 'cepat' })]);
  const cal = await c.queryJson<{ scale: number; anchorMs: number; startMs: number }>('/calendar');
  assert.deepEqual(cal, { scale: 86_400, anchorMs: before + 5_000, startMs: before + 5_000 }, 'anchored at the block that executed it');
  // Five seconds of block time later is five ledger days later, on the record a module writes.
  await c.block([
    s.tx('bdg-pa-dpu', 'plan.create_package', { packageId: 'uji-waktu', title: 'Paket Uji Waktu', workUnit: 'Dinas Pekerjaan Umum', fiscalYear: 2026, category: 'goods', method: 'tender', budgetLine: '1.03.01.2.06.0009', paguRupiah: '500000000', justification: null }),
  ]);
  await c.block([s.tx('bdg-pa-dpu', 'plan.publish_package', { packageId: 'uji-waktu' })]);
  const pkg = await c.queryJson<{ publishedTimeMs: number }>('/plan/package/uji-waktu');
  assert.equal(pkg.publishedTimeMs, cal.startMs + 10 * DAY_MS);
});
