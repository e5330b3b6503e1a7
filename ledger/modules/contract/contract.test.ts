import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChainPort, TestChain } from '../../../test/support/chain.js';
import { refused } from '../../../test/support/scenarios.js';
import { Procurement, sha256Hex, signatoryOf, type ContractTerms } from '../../../cli/lifecycle.js';
import { DAY_MS, daysAfter } from '../../calendar.js';

const POKJA = ['bdg-pokja-1', 'bdg-pokja-2', 'bdg-pokja-3'];
const COMMITTEE = [...POKJA, 'insp-auditor', 'bpkp-auditor'];

/** A published works package and a tender awarded to pt-jalan-mulus at `price`, up to the SPPBJ. */
async function awarded(p: Procurement, id: string, pagu: string, price: string): Promise<void> {
  await p.plan('bdg-pa-dpu', { packageId: id, title: 'Peningkatan Jalan Lingkungan', workUnit: 'Dinas Pekerjaan Umum', category: 'works', method: 'tender', budgetLine: '1.03.10.2.01.0050', paguRupiah: pagu });
  await p.openTender({ tenderId: `t-${id}`, packageId: id, ppk: 'bdg-ppk-jalan', hpsRupiah: pagu, pokja: POKJA, committee: COMMITTEE, threshold: 4, bidDays: 7 });
  await p.bid(`t-${id}`, 'pt-jalan-mulus', { priceRupiah: price });
  await p.openBids(`t-${id}`);
  await p.evaluate(`t-${id}`, 'bdg-pokja-1');
  await p.award(`t-${id}`, 'pt-jalan-mulus', 'bdg-pa-dpu');
  await p.sppbj(`t-${id}`, 'bdg-ppk-jalan');
}

const terms = (id: string, value: string): ContractTerms => ({
  contractId: `k-${id}`,
  tenderId: `t-${id}`,
  ppk: 'bdg-ppk-jalan',
  type: 'lumsum',
  valueRupiah: value,
  vatRateBp: 1100,
  advanceBp: 0,
  durationDays: 120,
  maintenanceDays: 180,
  permanentWorks: true,
  milestones: [
    { id: 'tahap-1', title: 'Separuh pekerjaan', shareBp: 5000, dueDay: 30, verifiers: [{ kind: 'ppk' }] },
    { id: 'tahap-2', title: 'Pekerjaan selesai', shareBp: 5000, dueDay: 120, verifiers: [{ kind: 'ppk' }] },
  ],
});

test('a time amendment moves what is still ahead; a milestone already late keeps its due day and its penalty', async () => {
  const port = new ChainPort(await TestChain.create());
  const p = new Procurement(port);
  await awarded(p, 'jl-1', '1000000000', '950000000');
  await p.contract(terms('jl-1', '950000000'), 'pt-jalan-mulus');
  type C = { milestones: Array<{ dueMs: number; claimedMs: number | null }> };
  const before = await port.query<C>('/contract/contract/k-jl-1');
  await port.waitFor(before.milestones[0]!.dueMs + 10 * DAY_MS);
  await p.must('bdg-ppk-jalan', 'contract.propose_amendment', { contractId: 'k-jl-1', amendmentId: 'adendum-1', reason: 'Perpanjangan waktu karena banjir', documentHashes: [sha256Hex('a1')], valueChangeRupiah: '0', extraDays: 30 });
  await p.must(signatoryOf('pt-jalan-mulus'), 'contract.approve_amendment', { contractId: 'k-jl-1', amendmentId: 'adendum-1' });
  const after = await port.query<C>('/contract/contract/k-jl-1');
  assert.equal(after.milestones[0]!.dueMs, before.milestones[0]!.dueMs, 'the late milestone keeps its due day');
  assert.equal(after.milestones[1]!.dueMs, before.milestones[1]!.dueMs + 30 * DAY_MS, 'the one ahead moves');
  await p.completeMilestone('k-jl-1', 'tahap-1', 'pt-jalan-mulus', ['bdg-ppk-jalan']);
  const orders = await port.query<Array<{ lateDays: number; penaltyDeductedRupiah: string }>>('/execution/orders/k-jl-1');
  const m1 = (await port.query<C>('/contract/contract/k-jl-1')).milestones[0]!;
  assert.equal(orders[0]!.lateDays, daysAfter(m1.dueMs, m1.claimedMs!));
  assert.ok(orders[0]!.lateDays >= 10 && BigInt(orders[0]!.penaltyDeductedRupiah) > 0n);
});

test('budget: the HPS cannot exceed the pagu; a contract cannot be signed past the pagu; a cut cannot strand the advance', async () => {
  const port = new ChainPort(await TestChain.create());
  const p = new Procurement(port);
  await p.plan('bdg-pa-dpu', { packageId: 'jl-2', title: 'Peningkatan Jalan Lingkungan', workUnit: 'Dinas Pekerjaan Umum', category: 'works', method: 'tender', budgetLine: '1.03.10.2.01.0051', paguRupiah: '1000000000' });
  await refused(port, 'BUDGET_EXCEEDED', 'bdg-ppk-jalan', 'tender.create', { tenderId: 't-jl-2', packageId: 'jl-2', hpsRupiah: '1000000001', hpsBreakdownHash: sha256Hex('x'), pokja: POKJA, committee: COMMITTEE, threshold: 4, previousTenderId: null }, '/plan/package/jl-2');
  await awarded(p, 'jl-3', '1000000000', '990000000');
  // The same package's budget reserved elsewhere in between: at the second signature nothing is left.
  const { ppk: _ppk, ...draft } = terms('jl-3', '990000000');
  await p.must('bdg-ppk-jalan', 'contract.draft', { ...draft, advanceBp: 2000, multiYear: false, documentHash: sha256Hex('k') } as never);
  await p.must('bdg-ppk-jalan', 'contract.sign', { contractId: 'k-jl-3', bondReference: null, advanceGuaranteeReference: null });
  await p.must(signatoryOf('pt-jalan-mulus'), 'contract.sign', { contractId: 'k-jl-3', bondReference: 'JAMLAK/1', advanceGuaranteeReference: 'JUM/1' });
  const pkg = await port.query<{ committedRupiah: string }>('/plan/package/jl-3');
  assert.equal(pkg.committedRupiah, '990000000');
  // A cut that would leave less to order than the advance still to repay is refused.
  await refused(port, 'TERMS_INVALID', 'bdg-ppk-jalan', 'contract.propose_amendment', { contractId: 'k-jl-3', amendmentId: 'cut', reason: 'Pengurangan volume pekerjaan', documentHashes: [sha256Hex('cut')], valueChangeRupiah: '-800000000', extraDays: 0 }, '/contract/contract/k-jl-3');
  // An increase past the pagu is refused when approved (Ps 52(2)).
  await p.must('bdg-ppk-jalan', 'contract.propose_amendment', { contractId: 'k-jl-3', amendmentId: 'plus', reason: 'Penambahan saluran samping', documentHashes: [sha256Hex('plus')], valueChangeRupiah: '20000000', extraDays: 0 });
  await refused(port, 'BUDGET_EXCEEDED', signatoryOf('pt-jalan-mulus'), 'contract.approve_amendment', { contractId: 'k-jl-3', amendmentId: 'plus' }, '/contract/contract/k-jl-3');
});
