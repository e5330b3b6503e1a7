/**
 * The supplier workspace, the public complaint form and the auditor workspace, end to end in
 * Debian's Chromium on a real 4-validator network (web/e2e/world.ts, demo mode), through the step
 * functions the whole-journey test uses (steps/supplier.ts, steps/audit.ts):
 *
 * - a tender is set up from Node with the demo officers' opening keys as the CLI derives them
 *   (cli/sealing.ts), so that the ledger — not the browser — opens the bids;
 * - a supplier registers, asks a clarification and submits a bid sealed in its browser; before the
 *   deadline the ledger holds only ciphertext; after it, the officers' keys open the browser's bid
 *   on the ledger to the exact price typed;
 * - another bidder wins; the browser's supplier files a sanggah;
 * - the winner signs its contract in the browser and reports a termin complete with a document
 *   uploaded (its hash anchored in the report);
 * - a person of the public files a complaint with no account: a text with a phone number is
 *   refused by the ledger (PERSONAL_DATA, shown in Bahasa Indonesia), the corrected one recorded;
 *   an APIP auditor triages and answers it;
 * - the auditor's trail of the tender (sealed bids' existence, history) and the record's proof.
 *
 * axe-core on every page (no serious or critical violation); screenshots in web/e2e/screenshots/.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { Procurement, sha256Hex } from '../../cli/lifecycle.js';
import { DAY_MS } from '../../ledger/calendar.js';
import { buildWebIfStale } from '../scripts/build-web.js';
import { startWorld, type World } from './world.js';
import { loginAsDemo } from './steps/session.js';
import { fastForward, indexed as indexedBy, portOf, setTimeScale } from './steps/time.js';
import { askClarification, fileAppeal, fileObjection, registerForTender, reportProgress, signContract, submitSealedBid } from './steps/supplier.js';
import { answerComplaint, fileComplaintAsPublic, fillComplaint, sendComplaint } from './steps/audit.js';
import { axe, launchChromium, personContext, shot, SHOTS } from './browser.js';

// API answers are read field by field in assertions.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type J = any;


const RUN = Date.now().toString(36);
const PACKAGE = `gedung-s-${RUN}`;
const TENDER = `tender-gedung-s-${RUN}`;
const CONTRACT = `kontrak-gedung-s-${RUN}`;
const POKJA = ['bdg-pokja-1', 'bdg-pokja-2', 'bdg-pokja-3'];
const COMMITTEE = [...POKJA, 'insp-auditor', 'bpkp-auditor'];
const PA = 'bdg-pa-dpu';
const PPK = 'bdg-ppk-sekolah';
/** The browser's bidder (loses, files a sanggah) and the Node bidder (wins, signs in the browser). */
const BROWSER_BIDDER = 'pt-jalan-mulus';
const WINNER = 'pt-karya-beton';
const BROWSER_PRICE = '2345678000';
const WINNING_PRICE = '2190000000';

let world: World;
let browser: Browser;
let base: string;
const contexts: BrowserContext[] = [];
const started = Date.now();

async function api(p: string): Promise<J> {
  const r = await fetch(base + p);
  assert.equal(r.status, 200, `GET ${p}: got ${r.status}`);
  return r.json();
}

/** The gateway has read every block the Node side wrote: a page opened next shows it. */
const indexed = () => indexedBy(world);

async function newPage(): Promise<Page> {
  const context = await personContext(browser, { baseURL: base });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log(`# page error: ${e.message}`));
  return page;
}

/** No serious or critical accessibility violation on the page as it stands; then its screenshot. */
async function check(page: Page, name: string): Promise<void> {
  await axe(page, name);
  await shot(page, name);
}

const file = (name: string, text: string, mimeType = 'application/pdf') => ({ name, mimeType, buffer: Buffer.from(`%PDF-1.4\n% ${text}\n%%EOF\n`) });

before(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  await buildWebIfStale();
  world = await startWorld({ demo: true, log: (m) => console.log(`# ${m}`) });
  base = world.url;
  browser = await launchChromium();
  // People in the browser need real time; deadlines are passed with fastForward.
  await setTimeScale(world, 1);
  console.log(`# world ready in ${((Date.now() - started) / 1000).toFixed(1)} s at ${base}`);
});

after(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await world?.close();
  console.log(`# supplier, complaint and audit e2e took ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

test('a bid sealed in the browser opens on the ledger at the price typed; sanggah, contract signature and a termin with an upload', async () => {
  const port = portOf(world);
  const p = new Procurement(port);
  await p.plan(PA, { packageId: PACKAGE, title: `Rehabilitasi Gedung Serbaguna ${RUN}`, workUnit: 'Dinas Pekerjaan Umum', category: 'works', method: 'tender', budgetLine: '1.03.10.2.01.0099', paguRupiah: '2450000000' });
  // The opening keys are the officers' own, derived from their seeds by cli/sealing.ts.
  const { deadlineMs } = await p.openTender({ tenderId: TENDER, packageId: PACKAGE, ppk: PPK, hpsRupiah: '2400000000', pokja: POKJA, committee: COMMITTEE, threshold: 4, bidDays: 2 });
  await indexed();

  const supplier = await newPage();
  await loginAsDemo(supplier, `${BROWSER_BIDDER}-signatory`);
  await supplier.goto('/kerja/penyedia');
  await supplier.getByTestId('opportunities').getByRole('link', { name: `Rehabilitasi Gedung Serbaguna ${RUN}` }).waitFor({ timeout: 30_000 });
  await check(supplier, 's01-supplier-home');

  await registerForTender(supplier, TENDER);
  await askClarification(supplier, TENDER, 'Apakah gambar kerja struktur atap sudah final?');
  const technical = file('proposal-teknis.pdf', `proposal teknis ${RUN}`);
  const sealedAt = await submitSealedBid(supplier, TENDER, { price: BROWSER_PRICE, tkdnPercent: 42.5, validityDays: 120, technical });
  assert.match(sealedAt.commitment, /^[0-9a-f]{64}$/, 'the receipt shows the commitment');
  await check(supplier, 's02-supplier-tender-sealed');
  // The supplier's own list of tenders: registered, the bid sent and sealed, the deadline running.
  await supplier.goto('/kerja/penyedia');
  const mineRow = supplier.getByTestId('my-tenders').getByRole('row').filter({ hasText: `Rehabilitasi Gedung Serbaguna ${RUN}` });
  await mineRow.getByText('Terkirim, tersegel').waitFor({ timeout: 30_000 });

  // Before the deadline the ledger holds the commitment and ciphertext only; the receipt's commitment is the ledger's.
  const sealed = await port.query<Array<J>>(`/tender/bids/${TENDER}`);
  const mine = sealed.find((b) => b.bidder === BROWSER_BIDDER);
  assert.ok(mine, 'the browser bid is on the ledger');
  assert.equal(mine.status, 'sealed');
  assert.equal('content' in mine && mine.content !== null, false, 'no content before the opening');
  assert.equal(Buffer.from(mine.commitment, 'base64').toString('hex'), sealedAt.commitment, "the receipt's commitment is the one on the ledger");

  await p.bid(TENDER, WINNER, { priceRupiah: WINNING_PRICE, tkdnBp: 3500 });
  // Past the deadline: the officers post their keys and the ledger opens both bids itself.
  await fastForward(world, Math.ceil((deadlineMs - (await port.now())) / DAY_MS) + 1);
  await p.openBids(TENDER);
  const opened = await port.query<Array<J>>(`/tender/bids/${TENDER}`);
  const browserBid = opened.find((b) => b.bidder === BROWSER_BIDDER);
  assert.equal(browserBid.status, 'opened', `the browser's bid opened on the ledger (problem: ${browserBid.problem})`);
  assert.deepEqual([browserBid.content.priceRupiah, browserBid.content.tkdnBp, browserBid.content.validityDays, browserBid.content.technicalHash], [BROWSER_PRICE, 4250, 120, sha256Hex(technical.buffer.toString())]);

  await p.evaluate(TENDER, 'bdg-pokja-3');
  // The supplier has the tender open when the award is signed elsewhere: the page follows the
  // ledger (web/src/lib/live.ts), and the sanggah form appears without a reload.
  await supplier.goto(`/kerja/penyedia/tender/${TENDER}`);
  await supplier.getByTestId('supplier-tender').waitFor({ timeout: 30_000 });
  assert.equal(await supplier.getByLabel('Alasan sanggah', { exact: true }).count(), 0, 'no sanggah form before the award');
  const navigations: string[] = [];
  supplier.on('framenavigated', (f) => f === supplier.mainFrame() && navigations.push(f.url()));
  await p.award(TENDER, WINNER, PA);
  await supplier.getByLabel('Alasan sanggah', { exact: true }).waitFor({ timeout: 15_000 });
  assert.deepEqual(navigations, [], 'the award appeared without a reload');
  await indexed();
  await fileObjection(supplier, TENDER, 'Metode pelaksanaan pemenang tidak memenuhi syarat teknis dokumen pemilihan.', [file('bukti-sanggah.pdf', `bukti ${RUN}`)]);
  const objections = await api(`/api/v1/processes/${TENDER}/objections`);
  assert.deepEqual(objections.map((o: J) => [o.filedBy, o.status, o.evidenceHashes.length]), [[BROWSER_BIDDER, 'open', 1]]);
  await check(supplier, 's03-supplier-sanggah');

  // The Pokja rejects it; past the sanggah and appeal windows the PPK issues the SPPBJ and drafts the contract.
  await p.must('bdg-pokja-1', 'tender.answer_objection', { tenderId: TENDER, objectionNo: 1, upheld: false, answer: 'Metode pelaksanaan telah dievaluasi sesuai dokumen pemilihan.' });
  // Works: the supplier appeals the rejection (sanggah banding) with its appeal bond; the PA decides.
  await indexed();
  await fileAppeal(supplier, TENDER, 1, 'Pokja tidak menanggapi bukti metode pelaksanaan yang kami lampirkan.', `JSB/${RUN}/2026`);
  const appealed = await api(`/api/v1/processes/${TENDER}/objections`);
  assert.deepEqual(
    appealed.map((o: J) => [o.no, o.kind, o.appealOf, o.status, o.filedBy]),
    [
      [1, 'sanggah', null, 'rejected', BROWSER_BIDDER],
      [2, 'banding', 1, 'open', BROWSER_BIDDER],
    ],
  );
  assert.match(appealed[1].text, new RegExp(`jaminan sanggah banding: JSB/${RUN}/2026`), 'the appeal bond is on the record');
  await supplier.locator('.appeal-form').getByText(/Tercatat di blok/).waitFor();
  await check(supplier, 's03b-supplier-banding');
  await p.must(PA, 'tender.answer_objection', { tenderId: TENDER, objectionNo: 2, upheld: false, answer: 'Sanggah banding tidak beralasan; evaluasi telah sesuai dokumen pemilihan.' });
  const t = await port.query<J>(`/tender/tender/${TENDER}`);
  const windows = await port.query<Array<J>>(`/tender/objections/${TENDER}`);
  const until = Math.max(t.sanggahEndsMs, ...windows.map((o) => o.bandingEndsMs ?? 0));
  await fastForward(world, Math.ceil((until - (await port.now())) / DAY_MS) + 1);
  await p.sppbj(TENDER, PPK);
  await p.must(PPK, 'contract.draft', {
    contractId: CONTRACT,
    tenderId: TENDER,
    type: 'lumsum',
    multiYear: false,
    documentHash: sha256Hex(`kontrak ${CONTRACT}`),
    valueRupiah: WINNING_PRICE,
    vatRateBp: 1100,
    advanceBp: 2000,
    durationDays: 180,
    maintenanceDays: 180,
    permanentWorks: true,
    milestones: [
      { id: 'termin-1', title: 'Struktur dan atap', shareBp: 5000, dueDay: 90, verifiers: [{ kind: 'ppk' }] },
      { id: 'termin-2', title: 'Finishing', shareBp: 5000, dueDay: 180, verifiers: [{ kind: 'ppk' }, { kind: 'apip' }] },
    ],
  });
  await p.must(PPK, 'contract.sign', { contractId: CONTRACT, bondReference: null, advanceGuaranteeReference: null });
  await indexed();

  const winner = await newPage();
  await loginAsDemo(winner, `${WINNER}-signatory`);
  await signContract(winner, CONTRACT, { bondReference: `JAMLAK/${RUN}/2026`, advanceGuaranteeReference: `JUM/${RUN}/2026` });
  let c = await api(`/api/v1/contracts/${CONTRACT}`);
  assert.deepEqual([c.status, c.terms.bondReference, c.terms.advanceGuaranteeReference], ['active', `JAMLAK/${RUN}/2026`, `JUM/${RUN}/2026`], 'the second signature makes the contract active');
  const report = file('laporan-termin-1.pdf', `laporan termin 1 ${RUN}`);
  const reported = await reportProgress(winner, CONTRACT, 'termin-1', report);
  assert.equal(reported.sha256, sha256Hex(report.buffer.toString()), 'the gateway stored the file the browser sent');
  c = await api(`/api/v1/contracts/${CONTRACT}`);
  const m1 = c.terms.milestones.find((m: J) => m.id === 'termin-1');
  assert.equal(m1.status, 'claimed', 'reported complete: claimed for verification');
  const anchored = await api(`/api/v1/documents/verify/${reported.sha256}`);
  assert.deepEqual([anchored.anchored, anchored.anchors[0]?.subject], [true, { kind: 'contract', id: CONTRACT }], "the report's document is anchored on the contract");
  await winner.goto('/kerja/penyedia');
  await winner.getByTestId('my-tenders').getByRole('row').filter({ hasText: `Rehabilitasi Gedung Serbaguna ${RUN}` }).getByText('Anda pemenangnya').waitFor({ timeout: 30_000 });
  await winner.goto(`/kerja/penyedia/kontrak/${CONTRACT}`);
  await winner.getByTestId('payment-status').waitFor();
  await check(winner, 's04-supplier-contract');
  await winner.setViewportSize({ width: 390, height: 844 });
  await check(winner, 's05-supplier-contract-phone');
});

test('a person of the public files a complaint without an account (personal data refused first); an APIP auditor triages and answers it; the trail and the proof', async () => {
  const citizen = await newPage();
  await fillComplaint(citizen, base, { subject: { kind: 'tender', id: TENDER }, text: 'Pekerjaan belum dimulai padahal kontrak sudah aktif. Hubungi saya di 081234567890.' });
  await check(citizen, 's06-complaint-review');
  const refused = await sendComplaint(citizen);
  assert.ok('refused' in refused, 'a phone number in the text is refused');
  assert.match(refused.refused, /data pribadi/, `the refusal is said in Bahasa Indonesia: ${refused.refused}`);
  assert.match(refused.refused, /PERSONAL_DATA/);
  await check(citizen, 's07-complaint-refused');

  const evidence = file('foto-lokasi.jpg', `foto lokasi ${RUN}`, 'image/jpeg');
  const filed = await fileComplaintAsPublic(citizen, base, { subject: { kind: 'contract', id: CONTRACT }, text: 'Pekerjaan di lokasi belum dimulai padahal kontrak sudah aktif sejak minggu lalu.', evidence: [evidence] });
  await check(citizen, 's08-complaint-filed');
  const listed = (await api('/api/v1/complaints')).find((x: J) => x.id === filed.complaintId);
  assert.ok(listed, 'the complaint is on the ledger');
  assert.deepEqual([listed.status, listed.subject, listed.filedBy, listed.evidenceHashes], ['filed', { kind: 'contract', id: CONTRACT }, null, [sha256Hex(evidence.buffer.toString())]], 'the public does not see who filed it');

  const auditor = await newPage();
  await loginAsDemo(auditor, 'insp-auditor');
  await answerComplaint(auditor, filed.complaintId, { triageNote: 'Ditelaah bersama PPK dan konsultan pengawas.', outcome: 'substantiated', text: 'Benar, pekerjaan terlambat dimulai; PPK diminta menegur penyedia.' });
  const answered = (await api('/api/v1/complaints')).find((x: J) => x.id === filed.complaintId);
  assert.deepEqual([answered.status, answered.triage?.by, answered.answer?.outcome, answered.answer?.by], ['answered', 'insp-auditor', 'substantiated', 'insp-auditor']);
  await check(auditor, 's09-audit-complaints');

  // The person follows the complaint from the same browser.
  await citizen.goto(`/pengaduan?lacak=${filed.complaintId}`);
  await citizen.getByTestId('complaint-status').getByText('Dijawab').waitFor({ timeout: 30_000 });
  await check(citizen, 's10-complaint-followed');

  // The auditor's trail of the tender: every bid (also the sealed ones, before an opening), the history, the proof.
  await auditor.goto(`/kerja/audit/jejak?id=${TENDER}`);
  await auditor.getByTestId('audit-bids').waitFor({ timeout: 30_000 });
  assert.equal(await auditor.getByTestId('audit-bids').locator('tbody tr').count(), 2);
  await auditor.getByTestId('proof-verdict').getByText(/Terbukti/).waitFor({ timeout: 30_000 });
  await check(auditor, 's11-audit-trail');
});
