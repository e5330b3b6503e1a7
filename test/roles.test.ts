/**
 * Who may do what: every message of the procurement contract programs, in a state where it is
 * otherwise valid, signed by every persona of the test genesis and by a member of the public.
 * The allowed personas must be accepted; everyone else refused with a code that names the signer
 * as the problem, leaving the AppHash as it was. The lifecycle then moves on through the action
 * performed for real (test/support/matrix.ts runs the tries).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DAY_MS } from '../ledger/calendar.js';
import type { Body } from '../ledger/tx/envelope.js';
import { planModule } from '../ledger/modules/plan/messages.js';
import { tenderModule } from '../ledger/modules/tender/messages.js';
import { contractModule } from '../ledger/modules/contract/messages.js';
import { executionModule } from '../ledger/modules/execution/messages.js';
import { sanctionModule } from '../ledger/modules/sanction/messages.js';
import { complaintModule } from '../ledger/modules/complaint/messages.js';
import { Procurement, sha256Hex, signatoryOf } from '../cli/lifecycle.js';
import { openingKeyPair, sealBid } from '../cli/sealing.js';
import { ChainPort, TestChain } from './support/chain.js';
import { TEST_SUPPLIERS } from './support/genesis.js';
import { PERSONAS, PUBLIC_PERSONA, RoleMatrix, orgOf } from './support/matrix.js';

const PROCUREMENT_MODULES = [planModule, tenderModule, contractModule, executionModule, sanctionModule, complaintModule];

const PA = 'bdg-pa-dpu';
const PPK = 'bdg-ppk-sekolah'; // the PPK of the main tender and its contract
const PPKS = ['bdg-ppk', 'bdg-ppk-jalan', 'bdg-ppk-sekolah'];
const POKJA = ['bdg-pokja-1', 'bdg-pokja-2', 'bdg-pokja-3'];
const PEJABAT_PENGADAAN = 'bdg-pejabat-pengadaan';
const TREASURY = 'bdg-bendahara';
const APIP = 'insp-auditor';
const BPKP = 'bpkp-auditor';
/** Three Pokja members of the city and two auditors from two other institutions; 4 of 5 open. */
const COMMITTEE = [...POKJA, APIP, BPKP];
const ALL_SIGNATORIES = TEST_SUPPLIERS.map((s) => signatoryOf(s.id));

/** The three suppliers that register and bid; pt-karya-beton bids lowest and wins. */
const WINNER = 'pt-karya-beton';
const BIDDERS = { 'cv-bangun-sekolah': '131000000000', [WINNER]: '128000000000', 'pt-jalan-mulus': '135000000000' };
const OBJECTOR = 'pt-jalan-mulus';
const CONSULTANT = 'cv-konsultan-priangan';

const TENDER = 'tender-gedung-1';
const CONTRACT = 'kontrak-gedung-1';
const hash = (s: string) => sha256Hex(s);

interface TenderView {
  committee: Array<{ memberId: string; openingKey: string }>;
  threshold: number;
  bidDeadlineMs: number;
  sanggahEndsMs: number;
  status: string;
}

test('role × action matrix of the plan, tender, contract, execution, sanction and complaint programs', async () => {
  const started = performance.now();
  const chain = await TestChain.create();
  // Genesis writes stay staged until the first Commit (as with CometBFT); commit them, so that
  // discarding a try's block cannot discard genesis too.
  await chain.block([]);
  const port = new ChainPort(chain);
  const p = new Procurement(port);
  const matrix = new RoleMatrix(port, PROCUREMENT_MODULES);
  const same = (body: Body) => () => body;
  const tender = (id: string) => port.query<TenderView>(`/tender/tender/${id}`);
  // The personas are exactly the members on the ledger, plus one key that belongs to nobody.
  const members = await port.query<Array<{ id: string }>>('/identity/members');
  assert.deepEqual(members.map((m) => m.id).sort(), PERSONAS.filter((x) => x !== PUBLIC_PERSONA).sort());

  // ── plan ─────────────────────────────────────────────────────────────────────────────────
  // A works package above Rp100 M, so that the PA has to confirm the award (Ps 9(1)h).
  const mainPackage = { packageId: 'gedung-1', title: 'Pembangunan Gedung Pelayanan Terpadu Kota Bandung', workUnit: 'Dinas Pekerjaan Umum', fiscalYear: 2026, category: 'works', method: 'tender', budgetLine: '1.03.10.2.01.0001', paguRupiah: '150000000000', justification: null };
  await matrix.check({ type: 'plan.create_package', allowed: [PA], body: same(mainPackage) });
  await p.must(PA, 'plan.create_package', mainPackage);
  await matrix.check({ type: 'plan.publish_package', allowed: [PA], body: same({ packageId: 'gedung-1' }) });
  await p.must(PA, 'plan.publish_package', { packageId: 'gedung-1' });

  await p.plan(PA, { packageId: 'batal-1', title: 'Pengadaan Mebel Kantor Kecamatan', workUnit: 'Sekretariat Daerah', category: 'goods', method: 'tender', budgetLine: '4.01.01.2.01.0002', paguRupiah: '900000000' });
  const cancel = { packageId: 'batal-1', reason: 'Kebutuhan dialihkan ke tahun anggaran berikutnya' };
  await matrix.check({ type: 'plan.cancel_package', allowed: [PA], body: same(cancel) });
  await p.must(PA, 'plan.cancel_package', cancel);

  // The other selections the matrix needs: a tender that gets no bid, Pengadaan Langsung, and
  // two e-purchasing orders (one within the Pejabat Pengadaan's limit, one above it).
  await p.plan(PA, { packageId: 'gagal-1', title: 'Pemeliharaan Taman Kota', workUnit: 'Dinas Pekerjaan Umum', category: 'works', method: 'tender', budgetLine: '1.03.10.2.01.0002', paguRupiah: '3000000000' });
  await p.plan(PA, { packageId: 'atk-1', title: 'Belanja Alat Tulis Kantor', workUnit: 'Dinas Pekerjaan Umum', category: 'goods', method: 'pengadaan_langsung', budgetLine: '1.03.01.2.06.0001', paguRupiah: '185000000' });
  await p.plan(PA, { packageId: 'laptop-1', title: 'Belanja Laptop Kecamatan', workUnit: 'Sekretariat Daerah', category: 'goods', method: 'e_purchasing', budgetLine: '4.01.01.2.02.0001', paguRupiah: '150000000' });
  await p.plan(PA, { packageId: 'server-1', title: 'Belanja Server Pusat Data', workUnit: 'Dinas Komunikasi dan Informatika', category: 'goods', method: 'e_purchasing', budgetLine: '2.16.03.2.02.0001', paguRupiah: '600000000' });
  const failing = await p.openTender({ tenderId: 'tender-gagal-1', packageId: 'gagal-1', ppk: 'bdg-ppk-jalan', hpsRupiah: '2900000000', pokja: POKJA, committee: COMMITTEE, threshold: 4, bidDays: 2 });
  // A tender with a bid that one officer's key cannot open and a fifth officer who never reveals:
  // after the grace period the Pokja closes the opening with that bid marked unopenable.
  await p.plan(PA, { packageId: 'tutup-1', title: 'Pengecatan Gedung Balai Kota', workUnit: 'Sekretariat Daerah', category: 'works', method: 'tender', budgetLine: '4.01.01.2.03.0009', paguRupiah: '2000000000' });
  await p.openTender({ tenderId: 'tender-tutup-1', packageId: 'tutup-1', ppk: 'bdg-ppk-jalan', hpsRupiah: '1900000000', pokja: POKJA, committee: COMMITTEE, threshold: 4, bidDays: 2 });
  await p.bid('tender-tutup-1', 'cv-bangun-sekolah', { priceRupiah: '1800000000' });
  await p.must(signatoryOf('pt-jalan-mulus'), 'tender.register', { tenderId: 'tender-tutup-1' });
  await p.must(signatoryOf('pt-cahaya-pratama'), 'tender.register', { tenderId: 'tender-tutup-1' }); // the sanction rows name this tender
  // Seat 1's share is sealed to a key that is not its officer's: with seats 1–4 revealed the bid has
  // 3 usable shares and could still open if seat 5 revealed, so it stays sealed until the Pokja closes.
  const keysOfTutup = COMMITTEE.map((m, i) => openingKeyPair(port.seed(m), port.chainId, i === 0 ? 'another-tender' : 'tender-tutup-1').publicKey);
  await p.must(signatoryOf('pt-jalan-mulus'), 'tender.submit_bid', await sealBid({ chain: port.chainId, tenderId: 'tender-tutup-1', bidder: 'pt-jalan-mulus', terms: { priceRupiah: '1700000000', tkdnBp: 0, validityDays: 90, technicalHash: hash('teknis') }, openingKeys: keysOfTutup, threshold: 4 }));

  // ── tender: from the HPS to the sealed bids ────────────────────────────────────────────────
  const create = { tenderId: TENDER, packageId: 'gedung-1', hpsRupiah: '140000000000', hpsBreakdownHash: hash('rincian HPS gedung'), pokja: POKJA, committee: COMMITTEE, threshold: 4, previousTenderId: null };
  // Any PPK of the buying organization: the package names none.
  await matrix.check({ type: 'tender.create', allowed: PPKS, body: same(create) });
  await p.must(PPK, 'tender.create', create);
  const openingKey = (member: string) => ({ tenderId: TENDER, publicKey: openingKeyPair(port.seed(member), port.chainId, TENDER).publicKey });
  await matrix.check({ type: 'tender.register_opening_key', allowed: COMMITTEE, body: openingKey });
  for (const m of COMMITTEE) await p.must(m, 'tender.register_opening_key', openingKey(m));
  const announce = { tenderId: TENDER, bidDeadlineMs: chain.timeMs + 60 * DAY_MS };
  await matrix.check({ type: 'tender.announce', allowed: POKJA, body: same(announce) });
  await p.must(POKJA[0]!, 'tender.announce', announce);

  await matrix.check({ type: 'tender.register', allowed: ALL_SIGNATORIES, body: same({ tenderId: TENDER }) });
  for (const org of Object.keys(BIDDERS)) await p.must(signatoryOf(org), 'tender.register', { tenderId: TENDER });
  const registered = Object.keys(BIDDERS).map(signatoryOf);
  const question = { tenderId: TENDER, question: 'Apakah SBU BG002 dapat digunakan untuk pekerjaan ini?' };
  // Only a registered supplier asks; an unregistered one is refused with NOT_REGISTERED.
  await matrix.check({ type: 'tender.ask', allowed: registered, body: same(question) });
  await p.must(signatoryOf(OBJECTOR), 'tender.ask', question);
  const answer = { tenderId: TENDER, questionNo: 1, answer: 'Dapat, sesuai dokumen pemilihan bagian kualifikasi' };
  await matrix.check({ type: 'tender.answer', allowed: POKJA, body: same(answer) });
  await p.must(POKJA[1]!, 'tender.answer', answer);

  // Each supplier member seals a bid for its own organization; anyone else sends the winner's.
  const committeeKeys = (await tender(TENDER)).committee.map((s) => new Uint8Array(Buffer.from(s.openingKey, 'base64')));
  const sealedBid = async (persona: string): Promise<Body> => {
    const org = orgOf(persona);
    const bidder = org && TEST_SUPPLIERS.some((s) => s.id === org) ? org : WINNER;
    return sealBid({ chain: port.chainId, tenderId: TENDER, bidder, terms: { priceRupiah: '130000000000', tkdnBp: 0, validityDays: 90, technicalHash: hash(`teknis ${bidder}`) }, openingKeys: committeeKeys, threshold: 4 });
  };
  await matrix.check({ type: 'tender.submit_bid', allowed: registered, body: sealedBid });
  for (const [org, priceRupiah] of Object.entries(BIDDERS)) await p.bid(TENDER, org, { priceRupiah });

  // ── tender: opening, evaluation, award ─────────────────────────────────────────────────────
  await port.waitFor((await tender(TENDER)).bidDeadlineMs);
  // Each officer posts the secret half of their own seat's opening key; a non-member sends the first seat's.
  const reveal = (persona: string): Body => {
    const seat = Math.max(0, COMMITTEE.indexOf(persona));
    return { tenderId: TENDER, secretKey: openingKeyPair(port.seed(COMMITTEE[seat]!), port.chainId, TENDER).secretKey };
  };
  await matrix.check({ type: 'tender.reveal_opening_key', allowed: COMMITTEE, body: reveal });
  await p.openBids(TENDER);
  assert.equal((await tender(TENDER)).status, 'evaluation');

  await p.openBids('tender-tutup-1');
  assert.equal((await tender('tender-tutup-1')).status, 'opening', 'the bid with a share sealed to another key stays sealed while seat 5 may still reveal');
  await port.waitFor((await tender('tender-tutup-1')).bidDeadlineMs + 2 * DAY_MS);
  await matrix.check({ type: 'tender.close_opening', allowed: POKJA, body: same({ tenderId: 'tender-tutup-1' }) });
  await p.must(POKJA[1]!, 'tender.close_opening', { tenderId: 'tender-tutup-1' });
  assert.equal((await tender('tender-tutup-1')).status, 'evaluation');

  // The other tender's deadline passed with no bid: its Pokja declares it failed.
  assert.ok(chain.timeMs > failing.deadlineMs);
  const failed = { tenderId: 'tender-gagal-1', reason: 'Tidak ada penyedia yang memasukkan penawaran' };
  await matrix.check({ type: 'tender.declare_failed', allowed: POKJA, body: same(failed) });
  await p.must(POKJA[0]!, 'tender.declare_failed', failed);

  const evaluation = { tenderId: TENDER, lines: Object.entries(BIDDERS).map(([bidder, price]) => ({ bidder, qualified: true, reason: null, correctedPriceRupiah: price, technicalScore: null })) };
  await matrix.check({ type: 'tender.evaluate', allowed: POKJA, body: same(evaluation) });
  await p.must(POKJA[2]!, 'tender.evaluate', evaluation);
  const approve = { tenderId: TENDER, winner: WINNER };
  await matrix.check({ type: 'tender.approve_award', allowed: POKJA, body: same(approve) });
  for (const m of POKJA.slice(0, 2)) await p.must(m, 'tender.approve_award', approve);
  assert.equal((await tender(TENDER)).status, 'award_pending_pa', 'above Rp100 M the PA decides');
  const decide = { tenderId: TENDER, approve: true, reason: 'Hasil evaluasi Pokja sesuai dokumen pemilihan' };
  await matrix.check({ type: 'tender.decide_award', allowed: [PA], body: same(decide) });
  await p.must(PA, 'tender.decide_award', decide);

  // ── tender: sanggah, sanggah banding, SPPBJ ────────────────────────────────────────────────
  const losers = Object.keys(BIDDERS).filter((o) => o !== WINNER).map(signatoryOf);
  const objection = { tenderId: TENDER, text: 'Pemenang tidak memenuhi syarat pengalaman pekerjaan sejenis', evidenceHashes: [hash('bukti sanggah')] };
  await matrix.check({ type: 'tender.file_objection', allowed: losers, body: same(objection) });
  await p.must(signatoryOf(OBJECTOR), 'tender.file_objection', objection);
  const rejectSanggah = { tenderId: TENDER, objectionNo: 1, upheld: false, answer: 'Pengalaman pemenang telah diverifikasi dan memenuhi syarat' };
  await matrix.check({ type: 'tender.answer_objection', label: 'sanggah', allowed: POKJA, body: same(rejectSanggah) });
  await p.must(POKJA[0]!, 'tender.answer_objection', rejectSanggah);
  const appeal = { tenderId: TENDER, objectionNo: 1, text: 'Jawaban Pokja tidak menanggapi bukti yang kami ajukan', evidenceHashes: [hash('bukti banding')], appealBondReference: 'JSB/PT-JALAN-MULUS/2026' };
  await matrix.check({ type: 'tender.file_appeal', allowed: [signatoryOf(OBJECTOR)], body: same(appeal) });
  await p.must(signatoryOf(OBJECTOR), 'tender.file_appeal', appeal);
  const rejectBanding = { tenderId: TENDER, objectionNo: 2, upheld: false, answer: 'Sanggah banding ditolak; jaminan sanggah banding dicairkan' };
  await matrix.check({ type: 'tender.answer_objection', label: 'sanggah banding', allowed: [PA], body: same(rejectBanding) });
  await p.must(PA, 'tender.answer_objection', rejectBanding);

  const objections = await port.query<Array<{ bandingEndsMs: number | null }>>(`/tender/objections/${TENDER}`);
  await port.waitFor(Math.max((await tender(TENDER)).sanggahEndsMs, ...objections.map((o) => o.bandingEndsMs ?? 0)) + 1);
  // The tender's own PPK, not another PPK of the city.
  await matrix.check({ type: 'tender.issue_sppbj', allowed: [PPK], body: same({ tenderId: TENDER }) });
  await p.must(PPK, 'tender.issue_sppbj', { tenderId: TENDER });

  // ── contract: draft and signatures ─────────────────────────────────────────────────────────
  const draft: Body = {
    contractId: CONTRACT,
    tenderId: TENDER,
    type: 'lumsum',
    multiYear: false,
    documentHash: hash(`kontrak ${CONTRACT}`),
    valueRupiah: BIDDERS[WINNER],
    vatRateBp: 1100,
    advanceBp: 2000,
    durationDays: 300,
    maintenanceDays: 180,
    permanentWorks: true,
    milestones: [
      // The PPK, the supervision consultant (a supplier organization) and APIP; then the PPK and BPKP (an auditor organization).
      { id: 'termin-1', title: 'Pekerjaan struktur selesai', shareBp: 5000, dueDay: 150, verifiers: [{ kind: 'ppk' }, { kind: 'org', orgId: CONSULTANT }, { kind: 'apip' }] },
      { id: 'termin-2', title: 'Pekerjaan selesai 100 %', shareBp: 5000, dueDay: 300, verifiers: [{ kind: 'ppk' }, { kind: 'org', orgId: 'bpkp-jabar' }] },
    ],
  };
  // The PPK who set the HPS and issued the SPPBJ of this tender drafts its contract (and becomes
  // the contract's PPK); another PPK of the same city has no part in this selection.
  await matrix.check({ type: 'contract.draft', label: 'after a tender', allowed: [PPK], body: same(draft) });
  await p.must(PPK, 'contract.draft', draft);
  const sign = { contractId: CONTRACT, bondReference: 'JAMLAK/KONTRAK-GEDUNG-1/2026', advanceGuaranteeReference: 'JUM/KONTRAK-GEDUNG-1/2026' };
  await matrix.check({ type: 'contract.sign', allowed: [PPK, signatoryOf(WINNER)], body: same(sign) });
  await p.must(PPK, 'contract.sign', sign);
  await p.must(signatoryOf(WINNER), 'contract.sign', sign);

  // ── contract and execution: while it runs ──────────────────────────────────────────────────
  const terminate = { contractId: CONTRACT, reason: 'Penyedia menghentikan pekerjaan tanpa alasan yang sah', evidenceHashes: [hash('berita acara penghentian')] };
  await matrix.check({ type: 'contract.terminate', allowed: [PPK], body: same(terminate) });
  const [advance] = await port.query<Array<{ no: number; kind: string; netRupiah: string }>>(`/execution/orders/${CONTRACT}`);
  assert.equal(advance?.kind, 'advance');
  const payment = { contractId: CONTRACT, orderNo: advance.no, sp2dNumber: '00001/SP2D/KONTRAK-GEDUNG-1/2026', amountRupiah: advance.netRupiah };
  await matrix.check({ type: 'execution.record_payment', allowed: [TREASURY], body: same(payment) });
  await p.must(TREASURY, 'execution.record_payment', payment);

  const amendment = { contractId: CONTRACT, amendmentId: 'adendum-1', reason: 'Penambahan pekerjaan drainase akibat kondisi lapangan', documentHashes: [hash('adendum 1')], valueChangeRupiah: '1000000000', extraDays: 30 };
  await matrix.check({ type: 'contract.propose_amendment', allowed: [PPK], body: same(amendment) });
  await p.must(PPK, 'contract.propose_amendment', amendment);
  const amendmentRef = { contractId: CONTRACT, amendmentId: 'adendum-1' };
  await matrix.check({ type: 'contract.approve_amendment', allowed: [signatoryOf(WINNER)], body: same(amendmentRef) });
  await matrix.check({ type: 'contract.cancel_amendment', allowed: [PPK, signatoryOf(WINNER)], body: same(amendmentRef) });
  await p.must(signatoryOf(WINNER), 'contract.approve_amendment', amendmentRef);

  const progress = (milestoneId: string) => ({ contractId: CONTRACT, milestoneId, progressBp: 10_000, complete: true, note: `Pekerjaan ${milestoneId} selesai 100 %`, documentHashes: [hash(`laporan ${milestoneId}`)] });
  const verify = (milestoneId: string) => ({ contractId: CONTRACT, milestoneId, approve: true, note: 'Diperiksa di lapangan, sesuai spesifikasi', documentHashes: [] });
  await matrix.check({ type: 'execution.report_progress', allowed: [signatoryOf(WINNER)], body: same(progress('termin-1')) });
  await p.must(signatoryOf(WINNER), 'execution.report_progress', progress('termin-1'));
  const termin1Verifiers = [PPK, signatoryOf(CONSULTANT), APIP];
  await matrix.check({ type: 'execution.verify_milestone', label: 'PPK + consultant + APIP', allowed: termin1Verifiers, body: same(verify('termin-1')) });
  for (const v of termin1Verifiers) await p.must(v, 'execution.verify_milestone', verify('termin-1'));
  await p.must(signatoryOf(WINNER), 'execution.report_progress', progress('termin-2'));
  const termin2Verifiers = [PPK, BPKP];
  await matrix.check({ type: 'execution.verify_milestone', label: 'PPK + BPKP organization', allowed: termin2Verifiers, body: same(verify('termin-2')) });
  for (const v of termin2Verifiers) await p.must(v, 'execution.verify_milestone', verify('termin-2'));

  // ── contract: handover ─────────────────────────────────────────────────────────────────────
  await matrix.check({ type: 'contract.request_handover', allowed: [signatoryOf(WINNER)], body: same({ contractId: CONTRACT }) });
  await p.must(signatoryOf(WINNER), 'contract.request_handover', { contractId: CONTRACT });
  const pho = { contractId: CONTRACT, bastHash: hash('BAST PHO') };
  await matrix.check({ type: 'contract.accept_handover', allowed: [PPK], body: same(pho) });
  await p.must(PPK, 'contract.accept_handover', pho);
  await port.waitFor((await port.query<{ handover: { maintenanceEndsMs: number } }>(`/contract/contract/${CONTRACT}`)).handover.maintenanceEndsMs);
  const fho = { contractId: CONTRACT, bastHash: hash('BAST FHO') };
  await matrix.check({ type: 'contract.final_handover', allowed: [PPK], body: same(fho) });
  await p.must(PPK, 'contract.final_handover', fho);
  assert.equal((await port.query<{ status: string }>(`/contract/contract/${CONTRACT}`)).status, 'closed');

  // ── short paths: Pengadaan Langsung and e-purchasing ───────────────────────────────────────
  const direct = { tenderId: 'pl-atk-1', packageId: 'atk-1', supplier: 'pt-sarana-medika', hpsRupiah: '185000000', hpsBreakdownHash: hash('hps atk'), offerRupiah: '184000000', negotiatedRupiah: '182500000' };
  await matrix.check({ type: 'tender.record_direct_procurement', allowed: [PEJABAT_PENGADAAN], body: same(direct) });
  await p.must(PEJABAT_PENGADAAN, 'tender.record_direct_procurement', direct);
  // Pengadaan Langsung names no PPK (the Pejabat Pengadaan conducted it): any PPK of the city drafts.
  const directDraft: Body = { contractId: 'spk-atk-1', tenderId: 'pl-atk-1', type: 'lumsum', multiYear: false, documentHash: hash('spk atk'), valueRupiah: '182500000', vatRateBp: 1100, advanceBp: 0, durationDays: 30, maintenanceDays: 0, permanentWorks: false, milestones: [{ id: 'serah-terima', title: 'Barang diterima lengkap', shareBp: 10_000, dueDay: 14, verifiers: [{ kind: 'ppk' }] }] };
  await matrix.check({ type: 'contract.draft', label: 'after Pengadaan Langsung', allowed: PPKS, body: same(directDraft) });

  const order = (tenderId: string, packageId: string, quantity: number, unitPriceRupiah: string) => ({ tenderId, packageId, supplier: 'pt-cahaya-pratama', catalogueRef: `KATALOG/${packageId.toUpperCase()}/2026`, items: [{ name: 'Perangkat sesuai katalog elektronik', quantity, unitPriceRupiah }] });
  // Up to Rp200 jt a Pejabat Pengadaan may place the order; above it only a PPK (Ps 12).
  await matrix.check({ type: 'tender.record_epurchase', label: 'Rp150 jt', allowed: [...PPKS, PEJABAT_PENGADAAN], body: same(order('ep-laptop-1', 'laptop-1', 10, '15000000')) });
  await matrix.check({ type: 'tender.record_epurchase', label: 'Rp500 jt', allowed: PPKS, body: same(order('ep-server-1', 'server-1', 2, '250000000')) });

  // ── complaint ──────────────────────────────────────────────────────────────────────────────
  const complaint = { complaintId: 'aduan-1', subject: { kind: 'tender', id: TENDER }, text: 'Spesifikasi teknis mengarah ke satu merek tertentu', evidenceHashes: [hash('foto spesifikasi')] };
  // Open to every member and to the public.
  await matrix.check({ type: 'complaint.file', allowed: PERSONAS, body: same(complaint) });
  await p.must(PUBLIC_PERSONA, 'complaint.file', complaint);
  const triage = { complaintId: 'aduan-1', note: 'Diteruskan ke tim reviu spesifikasi' };
  await matrix.check({ type: 'complaint.triage', allowed: [APIP], body: same(triage) });
  await p.must(APIP, 'complaint.triage', triage);
  const complaintAnswer = { complaintId: 'aduan-1', outcome: 'substantiated', text: 'Spesifikasi direvisi menjadi generik' };
  await matrix.check({ type: 'complaint.answer', allowed: [APIP], body: same(complaintAnswer) });
  await p.must(APIP, 'complaint.answer', complaintAnswer);

  // ── sanction (last: a listing bars the supplier everywhere) ────────────────────────────────
  const proposal = { caseId: 'dh-1', supplier: 'pt-cahaya-pratama', ground: 'fraud', reason: 'Dokumen pengalaman kerja palsu', evidenceHashes: [hash('bukti palsu')], tenderId: 'tender-tutup-1', contractId: null };
  // A PPK, Pokja member or Pejabat Pengadaan of a buying organization (Ps 78).
  await matrix.check({ type: 'sanction.propose_blacklist', allowed: [...PPKS, ...POKJA, PEJABAT_PENGADAAN], body: same(proposal) });
  await p.must('bdg-ppk', 'sanction.propose_blacklist', proposal);
  const decision = { caseId: 'dh-1', approve: true, reason: 'Terbukti memalsukan dokumen (Ps 78)' };
  await matrix.check({ type: 'sanction.decide_blacklist', allowed: [PA], body: same(decision) });
  await p.must(PA, 'sanction.decide_blacklist', decision);

  console.log(matrix.summary());
  console.log(`role matrix: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  assert.deepEqual(matrix.uncovered(), [], 'every message of the procurement programs has a matrix row');
  assert.deepEqual(matrix.mismatches, [], 'the ledger allows exactly the expected personas');
});
