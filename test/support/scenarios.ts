/**
 * The scenarios, written once against a {@link LedgerPort}: the unit tests run them on an
 * in-process chain, the scenario tests on the real 4-validator network. Every refusal is checked
 * for its code and for changing nothing that the scenario can see.
 */
import assert from 'node:assert/strict';
import { codeName } from '../../ledger/codes.js';
import { DAY_MS, daysAfter } from '../../ledger/calendar.js';
import { withoutVat } from '../../ledger/modules/contract/state.js';
import { Procurement, sha256Hex, signatoryOf, type ContractTerms, type LedgerPort } from '../../cli/lifecycle.js';
import { openingKeyPair, sealBid } from '../../cli/sealing.js';
import type { Body } from '../../ledger/tx/envelope.js';

const PA = 'bdg-pa-dpu';
const POKJA = ['bdg-pokja-1', 'bdg-pokja-2', 'bdg-pokja-3'];
/** Three Pokja members of the city and two auditors from two other institutions; 4 of 5 open. */
const COMMITTEE = [...POKJA, 'insp-auditor', 'bpkp-auditor'];
const TREASURY = 'bdg-bendahara';

export interface Contract {
  valueRupiah: string;
  originalValueRupiah: string;
  addedRupiah: string;
  status: string;
  advanceRupiah: string;
  performanceBondRupiah: string;
  performanceBondBase: string;
  vatRateBp: number;
  milestones: Array<{ id: string; status: string; dueMs: number; claimedMs: number | null; orderNo: number | null; verifications: unknown[] }>;
  totals: { orderedNetRupiah: string; orderedGrossRupiah: string; paidRupiah: string; retentionHeldRupiah: string; penaltyAssessedRupiah: string; penaltyDeductedRupiah: string };
  handover: { maintenanceEndsMs: number | null };
}
export interface Order {
  no: number;
  kind: string;
  milestoneId: string | null;
  grossRupiah: string;
  advanceRepaymentRupiah: string;
  retentionRupiah: string;
  lateDays: number;
  penaltyDeductedRupiah: string;
  netRupiah: string;
  paidRupiah: string;
}

/** Sends a transaction that must be refused with `code`, and checks that `probe` reads the same before and after. */
export async function refused(port: LedgerPort, code: string, member: string, type: string, body: Body, probe?: string): Promise<string> {
  const before = probe ? JSON.stringify(await port.query(probe)) : '';
  const out = await port.send(member, type, body);
  assert.equal(codeName(out.code) ?? out.code, code, `${type} by ${member}: ${out.log}`);
  if (probe) assert.equal(JSON.stringify(await port.query(probe)), before, `${type} refused but ${probe} changed`);
  return out.log;
}

const q = <T>(port: LedgerPort, path: string) => port.query<T>(path);

/** Checks the money invariants of one contract: paid ≤ ordered ≤ value; each order's net = its components. */
export async function checkMoney(port: LedgerPort, contractId: string): Promise<{ c: Contract; orders: Order[] }> {
  const c = await q<Contract>(port, `/contract/contract/${contractId}`);
  const orders = await q<Order[]>(port, `/execution/orders/${contractId}`);
  let ordered = 0n;
  let paid = 0n;
  for (const o of orders) {
    assert.equal(BigInt(o.netRupiah), BigInt(o.grossRupiah) - BigInt(o.advanceRepaymentRupiah) - BigInt(o.retentionRupiah) - BigInt(o.penaltyDeductedRupiah), `order ${o.no} adds up`);
    assert.ok(BigInt(o.paidRupiah) <= BigInt(o.netRupiah), `order ${o.no}: paid ≤ ordered`);
    ordered += BigInt(o.netRupiah);
    paid += BigInt(o.paidRupiah);
  }
  assert.equal(ordered.toString(), c.totals.orderedNetRupiah);
  assert.equal(paid.toString(), c.totals.paidRupiah);
  assert.ok(paid <= ordered && ordered <= BigInt(c.valueRupiah), 'paid ≤ ordered ≤ contract value with approved amendments');
  return { c, orders };
}

/**
 * A construction tender from plan to FHO: sealed bids that no single institution can open, a
 * late bid refused, one bid above HPS, a wrong disqualification, a sanggah upheld, re-evaluation
 * and a new winner, SPPBJ after the windows, contract, three termin verified by PPK, the
 * supervision consultant and APIP, payments, PHO, maintenance, FHO and the retention released.
 */
/** Scenario knobs: a real network's calendar runs at a day a second, so bid periods and maintenance are kept short there. */
export interface ScenarioOptions {
  bidDays?: number;
  permanentWorks?: boolean;
}

export async function constructionTenderToFho(port: LedgerPort, suffix: string, opts: ScenarioOptions = {}): Promise<void> {
  const p = new Procurement(port);
  const packageId = `rehab-sdn-${suffix}`;
  const tenderId = `tender-sdn-${suffix}`;
  const contractId = `kontrak-sdn-${suffix}`;
  await p.plan(PA, { packageId, title: 'Rehabilitasi Gedung SDN 045 Kota Bandung', workUnit: 'Dinas Pendidikan', category: 'works', method: 'tender', budgetLine: '1.01.02.2.01.0031', paguRupiah: '2450000000' });
  // The committee must keep any single institution below the threshold.
  await refused(port, 'COMMITTEE_INVALID', 'bdg-ppk-sekolah', 'tender.create', { tenderId, packageId, hpsRupiah: '2400000000', hpsBreakdownHash: sha256Hex('x'), pokja: POKJA, committee: COMMITTEE, threshold: 3, previousTenderId: null }, `/plan/package/${packageId}`);
  await p.openTender({ tenderId, packageId, ppk: 'bdg-ppk-sekolah', hpsRupiah: '2400000000', pokja: POKJA, committee: COMMITTEE, threshold: 4, bidDays: opts.bidDays ?? 60 });
  await Promise.all([
    p.bid(tenderId, 'cv-bangun-sekolah', { priceRupiah: '2280000000', tkdnBp: 4000 }),
    p.bid(tenderId, 'pt-karya-beton', { priceRupiah: '2190000000', tkdnBp: 3500 }),
    p.bid(tenderId, 'pt-jalan-mulus', { priceRupiah: '2510000000' }),
  ]);
  // Before the deadline the ledger holds commitments and ciphertext only, and refuses any opening step.
  const sealed = await q<Array<Record<string, unknown>>>(port, `/tender/bids/${tenderId}`);
  assert.deepEqual(sealed.map((b) => [b.bidder, b.status, 'content' in b]), [['cv-bangun-sekolah', 'sealed', false], ['pt-jalan-mulus', 'sealed', false], ['pt-karya-beton', 'sealed', false]]);
  await refused(port, 'TOO_EARLY', 'insp-auditor', 'tender.reveal_opening_key', { tenderId, secretKey: openingKeyPair(port.seed('insp-auditor'), port.chainId, tenderId).secretKey }, `/tender/bids/${tenderId}`);
  const t0 = await q<{ bidDeadlineMs: number }>(port, `/tender/tender/${tenderId}`);
  await port.waitFor(t0.bidDeadlineMs);
  // A bid after the deadline is refused by block time.
  const late = await sealBid({ chain: port.chainId, tenderId, bidder: 'cv-bangun-sekolah', terms: { priceRupiah: '2100000000', tkdnBp: 0, validityDays: 90, technicalHash: sha256Hex('t') }, openingKeys: [], threshold: 2 }).catch(() => null);
  assert.equal(late, null, 'sealing needs the officers\u2019 keys');
  await refused(port, 'TOO_LATE', signatoryOf('cv-bangun-sekolah'), 'tender.register', { tenderId });
  // All three Pokja members of the city reveal their keys: not enough to open anything.
  await p.openBids(tenderId, POKJA);
  const bids = await q<Array<{ bidder: string; status: string }>>(port, `/tender/bids/${tenderId}`);
  assert.ok(bids.every((b) => b.status === 'sealed'), 'one institution alone cannot open the bids');
  await p.openBids(tenderId, ['insp-auditor']);
  const opened = await q<Array<{ bidder: string; status: string; content: { priceRupiah: string } }>>(port, `/tender/bids/${tenderId}`);
  assert.deepEqual(opened.map((b) => [b.bidder, b.status, b.content.priceRupiah]), [['cv-bangun-sekolah', 'opened', '2280000000'], ['pt-jalan-mulus', 'opened', '2510000000'], ['pt-karya-beton', 'opened', '2190000000']]);
  // A bid above HPS cannot qualify.
  await refused(port, 'ABOVE_HPS', 'bdg-pokja-1', 'tender.evaluate', { tenderId, lines: opened.map((b) => ({ bidder: b.bidder, qualified: true, reason: null, correctedPriceRupiah: null, technicalScore: null })) }, `/tender/tender/${tenderId}`);
  // First round: pt-karya-beton disqualified (wrongly, as the sanggah will show).
  await p.evaluate(tenderId, 'bdg-pokja-1', { disqualify: { 'pt-karya-beton': 'SBU tidak sesuai subklasifikasi BG002' } });
  await refused(port, 'WINNER_NOT_BEST', 'bdg-pokja-2', 'tender.approve_award', { tenderId, winner: 'pt-jalan-mulus' }, `/tender/tender/${tenderId}`);
  await p.award(tenderId, 'cv-bangun-sekolah', PA);
  let t = await q<{ status: string; award: { winner: string } }>(port, `/tender/tender/${tenderId}`);
  assert.deepEqual([t.status, t.award.winner], ['awarded', 'cv-bangun-sekolah']);
  await refused(port, 'OBJECTION_PENDING', 'bdg-ppk-sekolah', 'tender.issue_sppbj', { tenderId }, `/tender/tender/${tenderId}`);
  await p.must(signatoryOf('pt-karya-beton'), 'tender.file_objection', { tenderId, text: 'SBU kami BG002 masih berlaku sampai 2027; bukti terlampir', evidenceHashes: [sha256Hex('sbu pt-karya-beton')] });
  await refused(port, 'UNAUTHORIZED', signatoryOf('cv-bangun-sekolah'), 'tender.file_objection', { tenderId, text: 'Pemenang tidak boleh menyanggah dirinya', evidenceHashes: [] });
  await p.must('bdg-pokja-2', 'tender.answer_objection', { tenderId, objectionNo: 1, upheld: true, answer: 'Sanggah diterima: SBU BG002 sah; evaluasi diulang' });
  t = await q(port, `/tender/tender/${tenderId}`);
  assert.deepEqual([t.status, t.award], ['evaluation', null], 'an upheld sanggah reopens the evaluation');
  await p.evaluate(tenderId, 'bdg-pokja-1');
  await p.award(tenderId, 'pt-karya-beton', PA);
  await p.sppbj(tenderId, 'bdg-ppk-sekolah');

  const terms: ContractTerms = {
    contractId,
    tenderId,
    ppk: 'bdg-ppk-sekolah',
    type: 'lumsum',
    valueRupiah: '2190000000',
    vatRateBp: 1100,
    advanceBp: 2000,
    durationDays: 300,
    maintenanceDays: (opts.permanentWorks ?? true) ? 180 : 90,
    permanentWorks: opts.permanentWorks ?? true,
    milestones: [
      { id: 'termin-1', title: 'Pekerjaan struktur 30 %', shareBp: 3000, dueDay: 100, verifiers: [{ kind: 'ppk' }, { kind: 'org', orgId: 'cv-konsultan-priangan' }] },
      { id: 'termin-2', title: 'Pekerjaan arsitektur 70 %', shareBp: 4000, dueDay: 200, verifiers: [{ kind: 'ppk' }, { kind: 'org', orgId: 'cv-konsultan-priangan' }] },
      { id: 'termin-3', title: 'Pekerjaan selesai 100 %', shareBp: 3000, dueDay: 300, verifiers: [{ kind: 'ppk' }, { kind: 'org', orgId: 'cv-konsultan-priangan' }, { kind: 'apip' }] },
    ],
  };
  // 30 % advance is for small businesses; PT Karya Beton is not one (Ps 29).
  const { ppk: _ppk, ...draft } = terms;
  await refused(port, 'TERMS_INVALID', 'bdg-ppk-sekolah', 'contract.draft', { ...draft, advanceBp: 3000, multiYear: false, documentHash: sha256Hex('k') } as unknown as Body);
  await p.contract(terms, 'pt-karya-beton');
  let c = await q<Contract>(port, `/contract/contract/${contractId}`);
  assert.deepEqual([c.status, c.advanceRupiah, c.performanceBondRupiah, c.performanceBondBase], ['active', '438000000', '109500000', 'value']);
  const pkg = await q<{ committedRupiah: string }>(port, `/plan/package/${packageId}`);
  assert.equal(pkg.committedRupiah, '2190000000', 'the contract reserves its value in the plan package');
  // The supplier cannot verify itself; a verifier not in the terms is refused.
  await p.must(signatoryOf('pt-karya-beton'), 'execution.report_progress', { contractId, milestoneId: 'termin-1', progressBp: 10_000, complete: true, note: 'Struktur selesai', documentHashes: [sha256Hex('laporan 1')] });
  await refused(port, 'NOT_A_VERIFIER', 'bpkp-auditor', 'execution.verify_milestone', { contractId, milestoneId: 'termin-1', approve: true, note: 'Saya setuju', documentHashes: [] }, `/contract/contract/${contractId}`);
  await p.must('bdg-ppk-sekolah', 'execution.verify_milestone', { contractId, milestoneId: 'termin-1', approve: true, note: 'Sesuai', documentHashes: [] });
  let orders = await q<Order[]>(port, `/execution/orders/${contractId}`);
  assert.deepEqual(orders.map((o) => o.kind), ['advance'], 'no payment order before every required verification');
  await p.must(signatoryOf('cv-konsultan-priangan'), 'execution.verify_milestone', { contractId, milestoneId: 'termin-1', approve: true, note: 'Diawasi konsultan', documentHashes: [] });
  await p.completeMilestone(contractId, 'termin-2', 'pt-karya-beton', ['bdg-ppk-sekolah', signatoryOf('cv-konsultan-priangan')]);
  await p.completeMilestone(contractId, 'termin-3', 'pt-karya-beton', ['insp-auditor', 'bdg-ppk-sekolah', signatoryOf('cv-konsultan-priangan')]);
  await p.payAll(contractId, TREASURY);
  await p.must(signatoryOf('pt-karya-beton'), 'contract.request_handover', { contractId });
  await p.must('bdg-ppk-sekolah', 'contract.accept_handover', { contractId, bastHash: sha256Hex('BAST PHO') });
  await refused(port, 'TOO_EARLY', 'bdg-ppk-sekolah', 'contract.final_handover', { contractId, bastHash: sha256Hex('BAST FHO') }, `/contract/contract/${contractId}`);
  c = await q<Contract>(port, `/contract/contract/${contractId}`);
  await port.waitFor(c.handover.maintenanceEndsMs!);
  await p.must('bdg-ppk-sekolah', 'contract.final_handover', { contractId, bastHash: sha256Hex('BAST FHO') });
  await p.payAll(contractId, TREASURY);
  ({ c, orders } = await checkMoney(port, contractId));
  assert.equal(c.status, 'closed');
  assert.deepEqual(orders.map((o) => o.kind), ['advance', 'milestone', 'milestone', 'milestone', 'retention']);
  assert.equal(orders.reduce((s, o) => s + BigInt(o.advanceRepaymentRupiah), 0n), 438_000_000n, 'the advance is repaid in full');
  assert.equal(c.totals.paidRupiah, '2190000000', 'on-time work is paid in full once the retention is released');
}

/** Pengadaan Langsung for goods: the Pejabat Pengadaan records the negotiated price; contract, delivery, payment. */
export async function directProcurementGoods(port: LedgerPort, suffix: string): Promise<void> {
  const p = new Procurement(port);
  const packageId = `atk-${suffix}`;
  const tenderId = `pl-atk-${suffix}`;
  const contractId = `spk-atk-${suffix}`;
  await p.plan(PA, { packageId, title: 'Belanja Alat Tulis Kantor Dinas Pekerjaan Umum', workUnit: 'Dinas Pekerjaan Umum', category: 'goods', method: 'pengadaan_langsung', budgetLine: '1.03.01.2.06.0001', paguRupiah: '185000000' });
  const body = { tenderId, packageId, supplier: 'pt-sarana-medika', hpsRupiah: '185000000', hpsBreakdownHash: sha256Hex('hps atk'), offerRupiah: '184000000', negotiatedRupiah: '182500000' };
  await refused(port, 'UNAUTHORIZED', 'bdg-ppk-jalan', 'tender.record_direct_procurement', body, `/plan/package/${packageId}`);
  await refused(port, 'ABOVE_HPS', 'bdg-pejabat-pengadaan', 'tender.record_direct_procurement', { ...body, offerRupiah: '190000000', negotiatedRupiah: '186000000' }, `/plan/package/${packageId}`);
  await p.must('bdg-pejabat-pengadaan', 'tender.record_direct_procurement', body);
  await p.contract({ contractId, tenderId, ppk: 'bdg-ppk-jalan', type: 'lumsum', valueRupiah: '182500000', vatRateBp: 1100, advanceBp: 0, durationDays: 30, maintenanceDays: 0, permanentWorks: false, milestones: [{ id: 'serah-terima', title: 'Barang diterima lengkap', shareBp: 10_000, dueDay: 14, verifiers: [{ kind: 'ppk' }] }] }, 'pt-sarana-medika');
  await p.completeMilestone(contractId, 'serah-terima', 'pt-sarana-medika', ['bdg-ppk-jalan']);
  await p.must(signatoryOf('pt-sarana-medika'), 'contract.request_handover', { contractId });
  await p.must('bdg-ppk-jalan', 'contract.accept_handover', { contractId, bastHash: sha256Hex('BAST ATK') });
  await p.payAll(contractId, TREASURY);
  const { c, orders } = await checkMoney(port, contractId);
  assert.deepEqual([c.status, c.performanceBondRupiah, c.totals.paidRupiah], ['closed', '0', '182500000'], 'no bond at or below Rp200 jt; paid in full');
  assert.deepEqual(orders.map((o) => [o.kind, o.netRupiah]), [['milestone', '173375000'], ['retention', '9125000']]);
  // Paying twice is refused: nothing is left on any order.
  await refused(port, 'OVERPAYMENT', TREASURY, 'execution.record_payment', { contractId, orderNo: 1, sp2dNumber: '99999/SP2D/ULANG/2026', amountRupiah: '1' }, `/execution/orders/${contractId}`);
}

/** A works contract with a late milestone (its penalty in the payment order), a +6 % amendment, and +5 % more refused (11 %). */
export async function lateMilestoneAndAmendments(port: LedgerPort, suffix: string, opts: ScenarioOptions = {}): Promise<void> {
  const p = new Procurement(port);
  const packageId = `jalan-${suffix}`;
  const tenderId = `tender-jalan-${suffix}`;
  const contractId = `kontrak-jalan-${suffix}`;
  await p.plan(PA, { packageId, title: 'Rehabilitasi Jalan Soekarno-Hatta Segmen Gedebage–Cibiru', workUnit: 'Dinas Pekerjaan Umum', category: 'works', method: 'tender', budgetLine: '1.03.10.2.01.0024', paguRupiah: '9200000000' });
  await p.openTender({ tenderId, packageId, ppk: 'bdg-ppk-jalan', hpsRupiah: '8600000000', pokja: POKJA, committee: COMMITTEE, threshold: 4, bidDays: opts.bidDays ?? 60 });
  await Promise.all([p.bid(tenderId, 'pt-jalan-mulus', { priceRupiah: '8170000000', tkdnBp: 6000 }), p.bid(tenderId, 'pt-karya-beton', { priceRupiah: '8420000000', tkdnBp: 3000 })]);
  await p.openBids(tenderId);
  await p.evaluate(tenderId, 'bdg-pokja-3');
  await p.award(tenderId, 'pt-jalan-mulus', PA);
  await p.sppbj(tenderId, 'bdg-ppk-jalan');
  await p.contract({
    contractId,
    tenderId,
    ppk: 'bdg-ppk-jalan',
    type: 'harga_satuan',
    valueRupiah: '8170000000',
    vatRateBp: 1100,
    advanceBp: 1500,
    durationDays: 400,
    maintenanceDays: 180,
    permanentWorks: true,
    milestones: [
      { id: 'termin-1', title: 'Galian dan lapis pondasi', shareBp: 2000, dueDay: 30, verifiers: [{ kind: 'ppk' }, { kind: 'org', orgId: 'cv-konsultan-priangan' }] },
      { id: 'termin-2', title: 'Lapis aspal AC-BC', shareBp: 3000, dueDay: 250, verifiers: [{ kind: 'ppk' }, { kind: 'org', orgId: 'cv-konsultan-priangan' }] },
      { id: 'termin-3', title: 'Lapis aspal AC-WC dan marka', shareBp: 5000, dueDay: 400, verifiers: [{ kind: 'ppk' }, { kind: 'apip' }] },
    ],
  }, 'pt-jalan-mulus');
  let c = await q<Contract>(port, `/contract/contract/${contractId}`);
  // Termin 1 is reported a week after its due day.
  await port.waitFor(c.milestones[0]!.dueMs + 7 * DAY_MS);
  await p.completeMilestone(contractId, 'termin-1', 'pt-jalan-mulus', ['bdg-ppk-jalan', signatoryOf('cv-konsultan-priangan')]);
  c = await q<Contract>(port, `/contract/contract/${contractId}`);
  const m1 = c.milestones[0]!;
  const orders = await q<Order[]>(port, `/execution/orders/${contractId}`);
  const o = orders.find((x) => x.milestoneId === 'termin-1')!;
  const lateDays = daysAfter(m1.dueMs, m1.claimedMs!);
  assert.ok(lateDays >= 7, `late by ${lateDays} days`);
  const gross = (8_170_000_000n * 2000n) / 10_000n;
  const penalty = (withoutVat(gross, 1100) * BigInt(lateDays)) / 1000n;
  assert.deepEqual(
    [o.lateDays, o.grossRupiah, o.advanceRepaymentRupiah, o.retentionRupiah, o.penaltyDeductedRupiah, o.netRupiah],
    [lateDays, gross.toString(), ((8_170_000_000n * 1500n) / 10_000n * 2000n / 10_000n).toString(), ((gross * 500n) / 10_000n).toString(), penalty.toString(), (gross - (8_170_000_000n * 1500n) / 10_000n * 2000n / 10_000n - (gross * 500n) / 10_000n - penalty).toString()],
    '1‰ per day of the late part without VAT, shown in the order',
  );
  // Amendments: +6 % approved by both; +5 % more would make 11 % and is refused; so is +11 % at once.
  const ppk = 'bdg-ppk-jalan';
  await p.must(ppk, 'contract.propose_amendment', { contractId, amendmentId: 'adendum-1', reason: 'Penambahan drainase akibat kondisi lapangan berbeda dari gambar', documentHashes: [sha256Hex('adendum 1')], valueChangeRupiah: '490200000', extraDays: 30 });
  await p.must(signatoryOf('pt-jalan-mulus'), 'contract.approve_amendment', { contractId, amendmentId: 'adendum-1' });
  await refused(port, 'AMENDMENT_CAP', ppk, 'contract.propose_amendment', { contractId, amendmentId: 'adendum-2', reason: 'Penambahan trotoar', documentHashes: [sha256Hex('adendum 2')], valueChangeRupiah: '408500000', extraDays: 0 }, `/contract/contract/${contractId}`);
  c = await q<Contract>(port, `/contract/contract/${contractId}`);
  assert.deepEqual([c.valueRupiah, c.addedRupiah], ['8660200000', '490200000']);
  await checkMoney(port, contractId);
}

/** A supplier blacklisted by the PA cannot register or bid; a public complaint is triaged and answered by APIP. */
export async function blacklistAndComplaint(port: LedgerPort, suffix: string, opts: ScenarioOptions = {}): Promise<void> {
  const p = new Procurement(port);
  const packageId = `alkes-${suffix}`;
  const tenderId = `tender-alkes-${suffix}`;
  await p.plan(PA, { packageId, title: 'Pengadaan Alat Kesehatan Puskesmas Kota Bandung', workUnit: 'Dinas Kesehatan', category: 'goods', method: 'tender', budgetLine: '1.02.02.2.02.0009', paguRupiah: '3750000000' });
  await p.openTender({ tenderId, packageId, ppk: 'bdg-ppk-sekolah', hpsRupiah: '3600000000', pokja: POKJA, committee: COMMITTEE, threshold: 4, bidDays: opts.bidDays ?? 60 });
  // Registered before the listing; the listing then bars its bid.
  await p.must(signatoryOf('pt-cahaya-pratama'), 'tender.register', { tenderId });
  const caseId = `dh-cahaya-${suffix}`;
  await p.must('bdg-ppk-sekolah', 'sanction.propose_blacklist', { caseId, supplier: 'pt-cahaya-pratama', ground: 'fraud', reason: 'Dokumen pengalaman kerja palsu dalam dokumen kualifikasi', evidenceHashes: [sha256Hex('bukti palsu')], tenderId, contractId: null });
  await refused(port, 'UNAUTHORIZED', 'bdg-ppk-sekolah', 'sanction.decide_blacklist', { caseId, approve: true, reason: 'Terbukti' }, `/sanction/case/${caseId}`);
  await p.must(PA, 'sanction.decide_blacklist', { caseId, approve: true, reason: 'Terbukti memalsukan dokumen (Ps 78)' });
  const before = await q(port, `/tender/bids/${tenderId}`);
  const log = await refused(port, 'BLACKLISTED', signatoryOf('pt-cahaya-pratama'), 'tender.submit_bid', await sealedFor(port, tenderId, 'pt-cahaya-pratama'));
  assert.match(log, /blacklisted until/);
  assert.deepEqual(await q(port, `/tender/bids/${tenderId}`), before, 'the refused bid left nothing');
  await refused(port, 'BLACKLISTED', signatoryOf('pt-cahaya-pratama'), 'tender.register', { tenderId: tenderId });
  // A citizen with a key of their own (no membership) files a complaint; APIP answers.
  const complaintId = `aduan-${suffix}`;
  await p.must('warga-cibiru', 'complaint.file', { complaintId, subject: { kind: 'tender', id: tenderId }, text: 'Spesifikasi alat mengarah ke satu merek tertentu', evidenceHashes: [sha256Hex('foto spesifikasi')] });
  await refused(port, 'UNKNOWN_SIGNER', 'warga-cibiru', 'tender.register', { tenderId });
  await refused(port, 'UNAUTHORIZED', 'bpkp-auditor', 'complaint.answer', { complaintId, outcome: 'unsubstantiated', text: 'BPKP bukan APIP kota' }, `/complaint/complaint/${complaintId}`);
  await p.must('insp-auditor', 'complaint.triage', { complaintId, note: 'Diteruskan ke tim reviu spesifikasi' });
  await p.must('insp-auditor', 'complaint.answer', { complaintId, outcome: 'substantiated', text: 'Spesifikasi direvisi menjadi generik; Pokja diminta addendum dokumen' });
  const complaint = await q<{ status: string; filedByOrg: string; filedBy: string }>(port, `/complaint/complaint/${complaintId}`);
  assert.deepEqual([complaint.status, complaint.filedByOrg], ['answered', 'public']);
  assert.match(complaint.filedBy, /^public:[0-9a-f]{32}$/);
}

async function sealedFor(port: LedgerPort, tenderId: string, supplier: string): Promise<Body> {
  const t = await port.query<{ committee: Array<{ openingKey: string }>; threshold: number }>(`/tender/tender/${tenderId}`);
  return sealBid({ chain: port.chainId, tenderId, bidder: supplier, terms: { priceRupiah: '3500000000', tkdnBp: 0, validityDays: 90, technicalHash: sha256Hex('teknis') }, openingKeys: t.committee.map((s) => new Uint8Array(Buffer.from(s.openingKey, 'base64'))), threshold: t.threshold });
}
