/**
 * The demo world's procurement processes (shared/design/DEMO-WORLD.md), lived through on the
 * ledger by the people in it — every step a signed transaction, every number computed by the
 * contract programs. The demo network's calendar runs at one ledger day per second while this
 * runs; at the end the founding institutions vote it back to real time (decision 0005), so the
 * medical-equipment tender's deadline is still ahead when people open the app.
 *
 * Stages seeded:
 *   road rehabilitation (works tender, HPS Rp8,6 M)     in execution: 3 of 5 termin paid, termin 2 late
 *                                                        with its penalty, one amendment of +6 %, a public
 *                                                        complaint answered by APIP
 *   supervision consultancy (Seleksi)                   contract signed
 *   SDN 045 school rehabilitation (works tender)        sanggah upheld, re-evaluated, new winner awarded
 *   medical equipment for Puskesmas (goods tender)      bids sealed, deadline not reached
 *   office supplies (Pengadaan Langsung Rp185 jt)       completed; two more a week apart (splitting pattern)
 *   drainage maintenance (works, Pengadaan Langsung)    FHO signed, retention released
 *   school furniture (goods, Pengadaan Langsung)        terminated; PT Cahaya Pratama Abadi blacklisted
 */
import { DAY_MS } from '../ledger/calendar.js';
import { Procurement, Rejected, sha256Hex, signatoryOf, type LedgerPort } from './lifecycle.js';

const PA = 'bdg-pa-dpu';
const POKJA = ['bdg-pokja-1', 'bdg-pokja-2', 'bdg-pokja-3'];
const COMMITTEE = [...POKJA, 'insp-auditor', 'bpkp-auditor'];
const TREASURY = 'bdg-bendahara';
const SUPERVISOR = 'cv-konsultan-priangan';

type Log = (m: string) => void;

async function roadWorks(p: Procurement, log: Log): Promise<void> {
  const tenderId = 'tender-jalan-soekarno-hatta-2026';
  const contractId = 'kontrak-jalan-soekarno-hatta-2026';
  await p.openTender({ tenderId, packageId: 'rehab-jalan-soekarno-hatta', ppk: 'bdg-ppk-jalan', hpsRupiah: '8600000000', pokja: POKJA, committee: COMMITTEE, threshold: 4, bidDays: 14 });
  await Promise.all([
    p.bid(tenderId, 'pt-jalan-mulus', { priceRupiah: '8170000000', tkdnBp: 6500 }),
    p.bid(tenderId, 'pt-karya-beton', { priceRupiah: '8395000000', tkdnBp: 4000 }),
    p.bid(tenderId, 'cv-mitra-aspal', { priceRupiah: '8712000000', tkdnBp: 3000 }),
  ]);
  await p.openBids(tenderId);
  await p.evaluate(tenderId, 'bdg-pokja-1');
  await p.award(tenderId, 'pt-jalan-mulus', PA);
  await p.sppbj(tenderId, 'bdg-ppk-jalan');
  const due = [30, 60, 90, 120, 150];
  await p.contract(
    {
      contractId,
      tenderId,
      ppk: 'bdg-ppk-jalan',
      type: 'harga_satuan',
      valueRupiah: '8170000000',
      vatRateBp: 1100,
      advanceBp: 1500,
      durationDays: 150,
      maintenanceDays: 180,
      permanentWorks: true,
      milestones: ['Galian dan lapis pondasi agregat', 'Lapis aspal AC-BC lajur kiri', 'Lapis aspal AC-BC lajur kanan', 'Lapis aspal AC-WC', 'Marka, rambu dan drainase tepi'].map((title, i) => ({
        id: `termin-${i + 1}`,
        title,
        shareBp: 2000,
        dueDay: due[i]!,
        verifiers: i === 4 ? [{ kind: 'ppk' as const }, { kind: 'org' as const, orgId: SUPERVISOR }, { kind: 'apip' as const }] : [{ kind: 'ppk' as const }, { kind: 'org' as const, orgId: SUPERVISOR }],
      })),
    },
    'pt-jalan-mulus',
  );
  log('  road works: contract signed with PT Jalan Mulus Konstruksi (Rp8.170.000.000)');
  const verifiers = ['bdg-ppk-jalan', signatoryOf(SUPERVISOR)];
  await p.completeMilestone(contractId, 'termin-1', 'pt-jalan-mulus', verifiers);
  // Termin 2 is reported eight days after its due day: the order carries the late penalty.
  const c = await p.port.query<{ milestones: Array<{ dueMs: number }> }>(`/contract/contract/${contractId}`);
  await p.must(signatoryOf('pt-jalan-mulus'), 'execution.report_progress', { contractId, milestoneId: 'termin-2', progressBp: 6000, complete: false, note: 'Pengaspalan lajur kiri terhambat hujan', documentHashes: [sha256Hex('foto progres termin 2')] });
  await p.port.waitFor(c.milestones[1]!.dueMs + 8 * DAY_MS);
  await p.completeMilestone(contractId, 'termin-2', 'pt-jalan-mulus', verifiers);
  await p.must('bdg-ppk-jalan', 'contract.propose_amendment', {
    contractId,
    amendmentId: 'adendum-1-drainase',
    reason: 'Kondisi lapangan: saluran drainase eksisting rusak sepanjang 420 m, tidak ada dalam gambar kerja',
    documentHashes: [sha256Hex('justifikasi teknis adendum 1'), sha256Hex('berita acara MC-0 revisi')],
    valueChangeRupiah: '490200000',
    extraDays: 14,
  });
  await p.must(signatoryOf('pt-jalan-mulus'), 'contract.approve_amendment', { contractId, amendmentId: 'adendum-1-drainase' });
  await p.completeMilestone(contractId, 'termin-3', 'pt-jalan-mulus', verifiers);
  await p.payAll(contractId, TREASURY);
  await p.must(signatoryOf('pt-jalan-mulus'), 'execution.report_progress', { contractId, milestoneId: 'termin-4', progressBp: 4500, complete: false, note: 'Lapis AC-WC 45 % terpasang', documentHashes: [sha256Hex('foto progres termin 4')] });
  await p.must('warga-cibiru', 'complaint.file', {
    complaintId: 'aduan-jalan-soekarno-hatta-1',
    subject: { kind: 'contract', id: contractId },
    text: 'Lapisan aspal di depan Pasar Gedebage sudah bergelombang dua minggu setelah dikerjakan',
    evidenceHashes: [sha256Hex('foto aspal bergelombang gedebage')],
  });
  await p.must('insp-auditor', 'complaint.triage', { complaintId: 'aduan-jalan-soekarno-hatta-1', note: 'Pemeriksaan lapangan bersama konsultan pengawas dijadwalkan' });
  await p.must('insp-auditor', 'complaint.answer', {
    complaintId: 'aduan-jalan-soekarno-hatta-1',
    outcome: 'substantiated',
    text: 'Ditemukan kerusakan 35 m²; penyedia wajib memperbaiki atas biayanya sebelum termin 4 dibayar',
  });
  log('  road works: 3 of 5 termin paid (termin 2 late, penalty deducted), +6 % amendment, complaint answered');
}

async function supervision(p: Procurement, log: Log): Promise<void> {
  const tenderId = 'seleksi-pengawasan-soekarno-hatta-2026';
  await p.openTender({ tenderId, packageId: 'pengawasan-jalan-soekarno-hatta', ppk: 'bdg-ppk-jalan', hpsRupiah: '620000000', pokja: POKJA, committee: COMMITTEE, threshold: 4, bidDays: 10 });
  await Promise.all([p.bid(tenderId, SUPERVISOR, { priceRupiah: '598000000' }), p.bid(tenderId, 'pt-karya-beton', { priceRupiah: '575000000' })]);
  await p.openBids(tenderId);
  await p.evaluate(tenderId, 'bdg-pokja-2', { scores: { [SUPERVISOR]: 86, 'pt-karya-beton': 71 } });
  await p.award(tenderId, SUPERVISOR, PA);
  await p.sppbj(tenderId, 'bdg-ppk-jalan');
  await p.contract(
    {
      contractId: 'kontrak-pengawasan-soekarno-hatta-2026',
      tenderId,
      ppk: 'bdg-ppk-jalan',
      type: 'waktu_penugasan',
      valueRupiah: '598000000',
      vatRateBp: 1100,
      advanceBp: 0,
      durationDays: 180,
      maintenanceDays: 0,
      permanentWorks: false,
      milestones: [
        { id: 'laporan-bulan-1-2', title: 'Laporan pengawasan bulan 1–2', shareBp: 3000, dueDay: 60, verifiers: [{ kind: 'ppk' }] },
        { id: 'laporan-bulan-3-4', title: 'Laporan pengawasan bulan 3–4', shareBp: 3000, dueDay: 120, verifiers: [{ kind: 'ppk' }] },
        { id: 'laporan-akhir', title: 'Laporan akhir pengawasan', shareBp: 4000, dueDay: 180, verifiers: [{ kind: 'ppk' }, { kind: 'apip' }] },
      ],
    },
    SUPERVISOR,
  );
  log('  supervision consultancy: Seleksi won by CV Konsultan Teknik Priangan, contract signed');
}

async function schoolWorks(p: Procurement, log: Log): Promise<void> {
  const tenderId = 'tender-rehab-sdn-045-2026';
  await p.openTender({ tenderId, packageId: 'rehab-sdn-045', ppk: 'bdg-ppk-sekolah', hpsRupiah: '2400000000', pokja: POKJA, committee: COMMITTEE, threshold: 4, bidDays: 14 });
  await Promise.all([
    p.bid(tenderId, 'cv-bangun-sekolah', { priceRupiah: '2280000000', tkdnBp: 4500 }),
    p.bid(tenderId, 'pt-karya-beton', { priceRupiah: '2190000000', tkdnBp: 3500 }),
    p.bid(tenderId, 'cv-mitra-aspal', { priceRupiah: '2335000000', tkdnBp: 2500 }),
  ]);
  await p.openBids(tenderId);
  await p.evaluate(tenderId, 'bdg-pokja-3', { disqualify: { 'pt-karya-beton': 'SBU tidak sesuai subklasifikasi BG002' } });
  await p.award(tenderId, 'cv-bangun-sekolah', PA);
  await p.must(signatoryOf('pt-karya-beton'), 'tender.file_objection', { tenderId, text: 'SBU BG002 kami berlaku sampai 2027; salinan SBU dan bukti verifikasi LPJK terlampir', evidenceHashes: [sha256Hex('sbu bg002 pt karya beton')] });
  await p.must('bdg-pokja-2', 'tender.answer_objection', { tenderId, objectionNo: 1, upheld: true, answer: 'Sanggah diterima: SBU BG002 PT Karya Beton Parahyangan sah menurut LPJK; evaluasi diulang' });
  await p.evaluate(tenderId, 'bdg-pokja-3');
  await p.award(tenderId, 'pt-karya-beton', PA);
  log('  SDN 045: sanggah upheld, re-evaluated, awarded to PT Karya Beton Parahyangan');
}

async function medicalEquipment(p: Procurement, log: Log): Promise<void> {
  const tenderId = 'tender-alkes-puskesmas-2026';
  // The deadline is 30 ledger days away; at real time after seeding it is a month ahead.
  await p.openTender({ tenderId, packageId: 'alkes-puskesmas-2026', ppk: 'bdg-ppk-sekolah', hpsRupiah: '3600000000', pokja: POKJA, committee: COMMITTEE, threshold: 4, bidDays: 30 });
  await Promise.all([p.bid(tenderId, 'pt-sarana-medika', { priceRupiah: '3390000000', tkdnBp: 3000 }), p.bid(tenderId, 'pt-medika-utama', { priceRupiah: '3455000000', tkdnBp: 1500 })]);
  await p.must(signatoryOf('pt-sarana-medika'), 'tender.ask', { tenderId, question: 'Apakah dental unit boleh merek lain dengan spesifikasi setara?' });
  await p.must('bdg-pokja-1', 'tender.answer', { tenderId, questionNo: 1, answer: 'Boleh, sepanjang memenuhi spesifikasi teknis minimal dan memiliki izin edar Kemenkes' });
  log('  medical equipment: 2 bids sealed, deadline in 30 days');
}

async function directPurchase(p: Procurement, opts: { tenderId: string; packageId: string; supplier: string; hps: string; offer: string; negotiated: string; contractId: string; ppk: string; title: string; complete: boolean }): Promise<void> {
  await p.must('bdg-pejabat-pengadaan', 'tender.record_direct_procurement', { tenderId: opts.tenderId, packageId: opts.packageId, supplier: opts.supplier, hpsRupiah: opts.hps, hpsBreakdownHash: sha256Hex(`hps ${opts.packageId}`), offerRupiah: opts.offer, negotiatedRupiah: opts.negotiated });
  await p.contract(
    { contractId: opts.contractId, tenderId: opts.tenderId, ppk: opts.ppk, type: 'lumsum', valueRupiah: opts.negotiated, vatRateBp: 1100, advanceBp: 0, durationDays: 21, maintenanceDays: 0, permanentWorks: false, milestones: [{ id: 'serah-terima', title: opts.title, shareBp: 10_000, dueDay: 14, verifiers: [{ kind: 'ppk' }] }] },
    opts.supplier,
  );
  if (!opts.complete) return;
  await p.completeMilestone(opts.contractId, 'serah-terima', opts.supplier, [opts.ppk]);
  await p.must(signatoryOf(opts.supplier), 'contract.request_handover', { contractId: opts.contractId });
  await p.must(opts.ppk, 'contract.accept_handover', { contractId: opts.contractId, bastHash: sha256Hex(`BAST ${opts.contractId}`) });
  await p.payAll(opts.contractId, TREASURY);
}

async function officeSupplies(p: Procurement, log: Log): Promise<void> {
  const supplier = 'pt-sarana-medika';
  await directPurchase(p, { tenderId: 'pl-atk-dpu-2026', packageId: 'atk-dpu-2026', supplier, hps: '185000000', offer: '184200000', negotiated: '182500000', contractId: 'spk-atk-dpu-2026', ppk: 'bdg-ppk-jalan', title: 'Alat tulis kantor diterima lengkap', complete: true });
  await p.port.waitFor((await p.port.now()) + 7 * DAY_MS);
  await directPurchase(p, { tenderId: 'pl-atk-dpu-2026-tambahan-1', packageId: 'atk-dpu-2026-tambahan-1', supplier, hps: '120000000', offer: '119500000', negotiated: '118750000', contractId: 'spk-atk-dpu-2026-tambahan-1', ppk: 'bdg-ppk-jalan', title: 'Alat tulis kantor tambahan I diterima', complete: true });
  await p.port.waitFor((await p.port.now()) + 7 * DAY_MS);
  await directPurchase(p, { tenderId: 'pl-atk-dpu-2026-tambahan-2', packageId: 'atk-dpu-2026-tambahan-2', supplier, hps: '110000000', offer: '109800000', negotiated: '109000000', contractId: 'spk-atk-dpu-2026-tambahan-2', ppk: 'bdg-ppk-jalan', title: 'Alat tulis kantor tambahan II diterima', complete: false });
  log('  office supplies: Rp185 jt completed; two more a week apart to the same supplier (Rp118,75 jt and Rp109 jt)');
}

async function drainage(p: Procurement, log: Log): Promise<void> {
  const contractId = 'spk-drainase-cihampelas-2026';
  await p.plan(PA, { packageId: 'drainase-cihampelas-2026', title: 'Pemeliharaan Saluran Drainase Jl. Cihampelas', workUnit: 'Dinas Pekerjaan Umum', category: 'works', method: 'pengadaan_langsung', budgetLine: '1.03.10.2.02.0007', paguRupiah: '365000000' });
  await p.must('bdg-pejabat-pengadaan', 'tender.record_direct_procurement', { tenderId: 'pl-drainase-cihampelas-2026', packageId: 'drainase-cihampelas-2026', supplier: 'cv-mitra-aspal', hpsRupiah: '360000000', hpsBreakdownHash: sha256Hex('hps drainase'), offerRupiah: '356000000', negotiatedRupiah: '351400000' });
  await p.contract(
    { contractId, tenderId: 'pl-drainase-cihampelas-2026', ppk: 'bdg-ppk-jalan', type: 'lumsum', valueRupiah: '351400000', vatRateBp: 1100, advanceBp: 0, durationDays: 45, maintenanceDays: 90, permanentWorks: false, milestones: [{ id: 'selesai', title: 'Saluran dibersihkan dan diperbaiki 100 %', shareBp: 10_000, dueDay: 45, verifiers: [{ kind: 'ppk' }] }] },
    'cv-mitra-aspal',
  );
  await p.completeMilestone(contractId, 'selesai', 'cv-mitra-aspal', ['bdg-ppk-jalan']);
  await p.must(signatoryOf('cv-mitra-aspal'), 'contract.request_handover', { contractId });
  await p.must('bdg-ppk-jalan', 'contract.accept_handover', { contractId, bastHash: sha256Hex('BAST PHO drainase') });
  const c = await p.port.query<{ handover: { maintenanceEndsMs: number } }>(`/contract/contract/${contractId}`);
  await p.port.waitFor(c.handover.maintenanceEndsMs);
  await p.must('bdg-ppk-jalan', 'contract.final_handover', { contractId, bastHash: sha256Hex('BAST FHO drainase') });
  await p.payAll(contractId, TREASURY);
  log('  drainage maintenance: PHO, 90-day maintenance, FHO, retention released and paid');
}

async function furnitureTerminated(p: Procurement, log: Log): Promise<void> {
  const contractId = 'spk-mebel-sdn-2026';
  await p.plan(PA, { packageId: 'mebel-sdn-2026', title: 'Pengadaan Mebel Ruang Kelas SD Negeri', workUnit: 'Dinas Pendidikan', category: 'goods', method: 'pengadaan_langsung', budgetLine: '1.01.02.2.02.0014', paguRupiah: '175000000' });
  await p.must('bdg-pejabat-pengadaan', 'tender.record_direct_procurement', { tenderId: 'pl-mebel-sdn-2026', packageId: 'mebel-sdn-2026', supplier: 'pt-cahaya-pratama', hpsRupiah: '172000000', hpsBreakdownHash: sha256Hex('hps mebel'), offerRupiah: '171000000', negotiatedRupiah: '168300000' });
  await p.contract(
    { contractId, tenderId: 'pl-mebel-sdn-2026', ppk: 'bdg-ppk-sekolah', type: 'lumsum', valueRupiah: '168300000', vatRateBp: 1100, advanceBp: 0, durationDays: 30, maintenanceDays: 0, permanentWorks: false, milestones: [{ id: 'pengiriman', title: '240 set meja dan kursi siswa diterima', shareBp: 10_000, dueDay: 30, verifiers: [{ kind: 'ppk' }] }] },
    'pt-cahaya-pratama',
  );
  const c = await p.port.query<{ milestones: Array<{ dueMs: number }> }>(`/contract/contract/${contractId}`);
  await p.port.waitFor(c.milestones[0]!.dueMs + 20 * DAY_MS);
  await p.must('bdg-ppk-sekolah', 'contract.terminate', { contractId, reason: 'Barang tidak dikirim 20 hari setelah batas waktu; dua teguran tertulis tidak ditanggapi', evidenceHashes: [sha256Hex('teguran 1 mebel'), sha256Hex('teguran 2 mebel')] });
  await p.must(PA, 'sanction.decide_blacklist', { caseId: `putus-${contractId}`, approve: true, reason: 'Wanprestasi: kontrak diputus, penyedia masuk daftar hitam satu tahun (Ps 78)' });
  log('  school furniture: contract terminated, PT Cahaya Pratama Abadi blacklisted by the PA');
}

/** Seeds the processes once (skipped when the road tender already exists); then sets the calendar back to real time. */
export async function seedDemoProcesses(port: LedgerPort, founders: string[], log: Log = () => {}): Promise<boolean> {
  const existing = await port.query<Array<{ id: string }>>('/tender/tenders');
  const p = new Procurement(port);
  const fresh = !existing.some((t) => t.id === 'tender-jalan-soekarno-hatta-2026');
  if (fresh) {
    try {
      await Promise.all([roadWorks(p, log), supervision(p, log), schoolWorks(p, log), officeSupplies(p, log), drainage(p, log), furnitureTerminated(p, log)]);
      await medicalEquipment(p, log);
    } catch (e) {
      if (e instanceof Rejected) log(`  a demo step was refused: ${e.message}`);
      throw e;
    }
  }
  // Also after a seed that was interrupted: the demo calendar must not keep running fast.
  const calendar = await port.query<{ scale: number }>('/calendar').catch(() => ({ scale: 1 }));
  if (calendar.scale !== 1) {
    const needed = Math.ceil((2 * founders.length) / 3);
    const proposalId = `kalender-waktu-nyata-${(await port.now()).toString(36)}`;
    await p.must(founders[0]!, 'identity.propose', { proposalId, action: { kind: 'set_time_scale', scale: 1 } });
    for (const f of founders.slice(1, needed)) await p.must(f, 'identity.approve', { proposalId });
    log('  calendar set back to real time by the founding institutions');
  }
  return fresh;
}
