/**
 * The tender workspace end to end, in Debian's Chromium against a real 4-validator network (the
 * world of e2e/world.ts, its gateway in demo mode): a tender lived through by the officials in
 * their own browsers — the PPK sets it up from a RUP package (HPS breakdown hashed in the
 * browser), three opening officers of three institutions each make a one-tender opening key in
 * their browser and register it, a Pokja member announces, answers a supplier's question; after
 * the deadline (the founders speed the ledger calendar up, then back to real time) two officers
 * reveal their keys from the same browsers, the Pokja closes the opening after the grace period
 * (one bid, sealed with a bad share, becomes unopenable), evaluates, two of three Pokja members
 * approve the winner the ledger ranks first (by HEA: a domestic-preference bid wins although its
 * price is higher), a sanggah is upheld (the evaluation reopens, an arithmetic correction changes
 * the winner), the next is rejected, and the PPK issues the SPPBJ; a second tender without bids is
 * declared failed and its package re-tendered. Suppliers' bids, the
 * question and the sanggah are signed in Node (cli/sealing.ts, cli/lifecycle.ts): the supplier
 * pages have their own test. Every page passes axe-core (no serious or critical violation) and
 * is saved in web/e2e/screenshots/.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildWebIfStale } from '../scripts/build-web.js';
import { Procurement, signatoryOf, sha256Hex } from '../../cli/lifecycle.js';
import { sealBid } from '../../cli/sealing.js';
import { startWorld, type World } from './world.js';
import { fastForward, indexed as indexedBy, portOf, setTimeScale } from './steps/time.js';
import * as tender from './steps/tender.js';
import { loginAsDemo } from './steps/session.js';
import { axe, launchChromium, personContext, shot, SHOTS } from './browser.js';

// API answers are read field by field in assertions.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type J = any;


const PACKAGE = 'alkes-labkesda-tw';
const TENDER = 'tender-alkes-labkesda-tw';
const PPK = 'bdg-ppk-sekolah';
const POKJA = ['bdg-pokja-1', 'bdg-pokja-2', 'bdg-pokja-3'];
/** Three seats of three institutions: k = 2 is above any one institution's seats. */
const COMMITTEE = ['bdg-pokja-1', 'insp-auditor', 'bpkp-auditor'];
const WINNER = 'pt-sarana-medika';
const RUNNER_UP = 'pt-medika-utama';
const BAD_BIDDER = 'pt-cahaya-pratama';

let world: World;
let browser: Browser;
const pages = new Map<string, Page>();
const started = Date.now();

async function api(p: string): Promise<J> {
  const r = await fetch(world.url + p);
  assert.equal(r.status, 200, `GET ${p}: got ${r.status}`);
  return r.json();
}

/** Each person in their own browser context: their signing key and their opening keys live in its IndexedDB. */
async function as(memberId: string): Promise<Page> {
  const known = pages.get(memberId);
  if (known) return known;
  const context: BrowserContext = await personContext(browser, { baseURL: world.url });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log(`# page error (${memberId}): ${e.message}`));
  await loginAsDemo(page, memberId);
  pages.set(memberId, page);
  return page;
}



const indexed = () => indexedBy(world);

async function tenderRecord(): Promise<J> {
  return (await api(`/api/v1/processes/${TENDER}`)).detail;
}

before(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  await buildWebIfStale();
  world = await startWorld({ demo: true, log: (m) => console.log(`# ${m}`) });
  // People need real time in the browser; the test moves the calendar when a deadline must pass.
  await setTimeScale(world, 1);
  const p = new Procurement(portOf(world));
  await p.plan('bdg-pa-dpu', { packageId: PACKAGE, title: 'Pengadaan Alat Laboratorium Kesehatan Daerah', workUnit: 'Dinas Kesehatan', category: 'goods', method: 'tender', budgetLine: '1.02.02.2.02.0011', paguRupiah: '3000000000' });
  await indexed();
  browser = await launchChromium();
  console.log(`# world ready in ${((Date.now() - started) / 1000).toFixed(1)} s at ${world.url}`);
});

after(async () => {
  await browser?.close();
  await world?.close();
  console.log(`# e2e took ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

test('the PPK sets up the tender from the RUP package: the committee rule is explained and checked before signing', async () => {
  const page = await as(PPK);
  await page.goto(`${world.url}/kerja/tender/baru`);
  const form = page.getByTestId('create-tender');
  await form.getByRole('combobox', { name: 'Paket RUP' }).selectOption(PACKAGE);
  // Two seats of one institution: the page says why k = 2 will not do, before anything is signed.
  await form.locator('input[data-role="committee"][data-member-id="bdg-pokja-1"]').check();
  await form.locator('input[data-role="committee"][data-member-id="bdg-pokja-2"]').check();
  await form.getByText('Kursi harus berasal dari sedikitnya dua instansi.').waitFor();
  await form.locator('input[data-role="committee"][data-member-id="bdg-pokja-2"]').uncheck();
  await form.locator('input[data-role="committee"][data-member-id="bdg-pokja-1"]').uncheck();
  await axe(page, 'create tender');

  const height = await tender.createTender(page, { packageId: PACKAGE, tenderId: TENDER, hps: '2900000000', pokja: POKJA, committee: COMMITTEE, keepCopy: true });
  assert.ok(height > 0);
  await indexed();
  const t = await tenderRecord();
  assert.equal(t.status, 'draft');
  assert.equal(t.hpsRupiah, '2900000000');
  assert.equal(t.threshold, 2, 'the smallest k above any one institution');
  assert.deepEqual(t.committee.map((s: J) => s.memberId), COMMITTEE);
  assert.match(t.hpsBreakdownHash, /^[0-9a-f]{64}$/);
  assert.equal(t.hpsBreakdownHash, sha256Hex(`Rincian HPS ${TENDER}: 2900000000`), 'the hash the browser computed is the file\'s SHA-256');
  await shot(page, 'tw-01-created');
});

test('each officer makes an opening key in their browser and registers it; the Pokja announces once all are in', async () => {
  const pokja2 = await as('bdg-pokja-2');
  await tender.openTenderWork(pokja2, TENDER);
  await pokja2.getByText(/3 dari 3 petugas belum mendaftarkan kunci pembukaan/).first().waitFor();
  for (const officer of COMMITTEE) await tender.registerOpeningKey(await as(officer), TENDER);
  await indexed();
  const t = await tenderRecord();
  assert.ok(t.committee.every((s: J) => typeof s.openingKey === 'string' && s.keyRegistered), 'every seat has its key');
  assert.equal(new Set(t.committee.map((s: J) => s.openingKey)).size, 3, 'three different keys');

  await tender.announceTender(pokja2, TENDER, 3);
  await axe(pokja2, 'tender workspace (announced)');
  await shot(pokja2, 'tw-02-announced');
  const after = await tenderRecord();
  assert.equal(after.status, 'announced');
  const days = (after.bidDeadlineMs - after.announcedMs) / 86_400_000;
  assert.ok(days > 2.9 && days <= 3.01, `deadline ${days} days after the announcement`);
});

test('before the deadline an officer is told when the reveal becomes possible; the Pokja answers a question', async () => {
  // Suppliers register, ask and bid from Node (their pages are tested on their own).
  const port = portOf(world);
  const p = new Procurement(port);
  await p.bid(TENDER, WINNER, { priceRupiah: '2600000000', tkdnBp: 4_000 });
  await p.bid(TENDER, RUNNER_UP, { priceRupiah: '2400000000', tkdnBp: 0 });
  await p.must(signatoryOf(BAD_BIDDER), 'tender.register', { tenderId: TENDER });
  const rec = await port.query<{ committee: Array<{ openingKey: string }>; threshold: number }>(`/tender/tender/${TENDER}`);
  // A bid whose first seat's share does not match the hash its bidder recorded: the ledger finds
  // that seat's share bad, and the bid stays sealed while the third officer could still open it.
  const bad = await sealBid({
    chain: port.chainId,
    tenderId: TENDER,
    bidder: BAD_BIDDER,
    terms: { priceRupiah: '2300000000', tkdnBp: 0, validityDays: 90, technicalHash: sha256Hex('teknis cahaya') },
    openingKeys: rec.committee.map((s) => new Uint8Array(Buffer.from(s.openingKey, 'base64'))),
    threshold: rec.threshold,
  });
  bad.shareHashes[0] = new Uint8Array(32).fill(7);
  await p.must(signatoryOf(BAD_BIDDER), 'tender.submit_bid', bad);
  await p.must(signatoryOf(RUNNER_UP), 'tender.ask', { tenderId: TENDER, question: 'Apakah sertifikat kalibrasi wajib dilampirkan untuk setiap alat?' });
  await indexed();

  const auditor = await as('insp-auditor');
  await auditor.goto(`${world.url}/kerja/tender`);
  const row = auditor.getByTestId(`tender-row-${TENDER}`);
  await row.getByText(/buka kunci pembukaan Anda — baru bisa setelah batas akhir penawaran, \d hari \d+ jam lagi/).waitFor();
  await axe(auditor, 'tender workspace home (officer)');
  await shot(auditor, 'tw-03-home-officer');

  const pokja3 = await as('bdg-pokja-3');
  await tender.answerQuestion(pokja3, TENDER, 1, 'Ya, sertifikat kalibrasi dilampirkan untuk setiap alat sesuai dokumen pemilihan.');
  await indexed();
  const qs = await api(`/api/v1/processes/${TENDER}/questions`);
  assert.equal(qs[0].answeredBy, 'bdg-pokja-3');
});

test('after the deadline two officers reveal from their browsers; the Pokja closes the opening after the grace period', async () => {
  await fastForward(world, 3.05);
  const pokja1 = await as('bdg-pokja-1');
  await tender.revealOpeningKey(pokja1, TENDER);
  await tender.revealOpeningKey(await as('bpkp-auditor'), TENDER);
  await indexed();
  let t = await tenderRecord();
  assert.equal(t.status, 'opening', 'the garbled bid is still sealed: the third officer could still open it');
  const bids = (await api(`/api/v1/processes/${TENDER}`)).bids;
  assert.equal(bids.find((b: J) => b.bidder === WINNER).status, 'opened');

  // Closing is refused until the grace period is over: the page says until when.
  const pokja2 = await as('bdg-pokja-2');
  await tender.openTenderWork(pokja2, TENDER);
  await pokja2.getByTestId('close-opening').getByText(/masa tenggang pembukaan masih berjalan; berakhir/).waitFor();
  await axe(pokja2, 'tender workspace (opening)');
  await shot(pokja2, 'tw-04-opening');

  await fastForward(world, 2);
  await tender.closeOpening(pokja2, TENDER);
  await indexed();
  t = await tenderRecord();
  assert.equal(t.status, 'evaluation');
  const closed = (await api(`/api/v1/processes/${TENDER}`)).bids.find((b: J) => b.bidder === BAD_BIDDER);
  assert.equal(closed.status, 'unopenable');
  assert.match(closed.problem, /insp-auditor/, 'the absent officer is named');
});

test('the Pokja evaluates, the ledger ranks by HEA, a majority approves; a sanggah upheld reopens the evaluation, the next is rejected; the PPK issues the SPPBJ', async () => {
  const pokja1 = await as('bdg-pokja-1');
  await tender.evaluate(pokja1, TENDER);
  await indexed();
  let t = await tenderRecord();
  const line = (b: string) => t.evaluation.lines.find((l: J) => l.bidder === b);
  assert.equal(line(WINNER).heaRupiah, '2340000000', 'TKDN 40 %: a 10 % preference');
  assert.equal(line(RUNNER_UP).heaRupiah, '2400000000');
  assert.equal(line(BAD_BIDDER).qualified, false);

  await tender.openTenderWork(pokja1, TENDER);
  const ranking = pokja1.getByTestId('ranking');
  await ranking.waitFor();
  assert.match(await ranking.locator('tbody tr').first().innerText(), /PT Sarana Medika Nusantara/);
  await axe(pokja1, 'tender workspace (evaluation and ranking)');
  await shot(pokja1, 'tw-05-evaluation');
  await tender.approveAward(pokja1, TENDER);
  await tender.approveAward(await as('bdg-pokja-3'), TENDER);
  await indexed();
  t = await tenderRecord();
  assert.equal(t.status, 'awarded');
  assert.equal(t.award.winner, WINNER);
  assert.equal(t.award.decidedBy, 'pokja');

  const p = new Procurement(portOf(world));
  await p.must(signatoryOf(RUNNER_UP), 'tender.file_objection', { tenderId: TENDER, text: 'Harga penawaran pemenang mengandung kesalahan hitung; mohon dievaluasi kembali.', evidenceHashes: [] });
  await indexed();
  // Before the sanggah is answered the PPK is told why the SPPBJ must wait.
  const ppk = await as(PPK);
  await tender.openTenderWork(ppk, TENDER);
  await ppk.locator('#sppbj').getByText(/masa sanggah masih berjalan/).waitFor();
  // Upheld: the evaluation is reopened (round 2); the arithmetic correction changes the winner.
  const pokja2 = await as('bdg-pokja-2');
  await tender.answerObjection(pokja2, TENDER, 1, true, 'Terdapat kesalahan hitung pada rincian harga pemenang; evaluasi diulang.');
  await indexed();
  t = await tenderRecord();
  assert.deepEqual([t.status, t.evaluationRound, t.award], ['evaluation', 2, null]);
  await tender.evaluate(pokja2, TENDER, { [WINNER]: { corrected: '2700000000' } });
  await indexed();
  t = await tenderRecord();
  assert.equal(t.evaluation.lines.find((l: J) => l.bidder === WINNER).heaRupiah, '2430000000', 'the corrected price, less 10 %');
  await tender.approveAward(pokja2, TENDER);
  await tender.approveAward(await as('bdg-pokja-3'), TENDER);
  await indexed();
  t = await tenderRecord();
  assert.deepEqual([t.status, t.award.winner, t.award.priceRupiah], ['awarded', RUNNER_UP, '2400000000']);
  // The first winner objects in turn; rejected this time (goods: no sanggah banding).
  await p.must(signatoryOf(WINNER), 'tender.file_objection', { tenderId: TENDER, text: 'Koreksi aritmatik atas harga kami tidak tepat.', evidenceHashes: [] });
  await indexed();
  await tender.answerObjection(pokja2, TENDER, 2, false, 'Koreksi aritmatik sesuai rincian harga dalam penawaran; penetapan tetap.');
  await axe(pokja2, 'tender workspace (sanggah answered)');
  await shot(pokja2, 'tw-06-sanggah');
  const objections = await api(`/api/v1/processes/${TENDER}/objections`);
  assert.deepEqual(objections.map((o: J) => o.status), ['upheld', 'rejected']);

  await fastForward(world, 5.2);
  await tender.issueSppbj(ppk, TENDER);
  await indexed();
  t = await tenderRecord();
  assert.equal(t.status, 'sppbj');
  assert.equal(t.sppbj.by, PPK);
  await ppk.getByTestId('sppbj-issued').waitFor();
  await shot(ppk, 'tw-07-sppbj');
});

test('a tender with no bid is declared failed by the Pokja and the package re-tendered by naming it', async () => {
  const PACKAGE2 = 'reagen-labkesda-tw';
  const FAILED = 'tender-reagen-labkesda-tw';
  await new Procurement(portOf(world)).plan('bdg-pa-dpu', { packageId: PACKAGE2, title: 'Pengadaan Reagen Laboratorium Kesehatan Daerah', workUnit: 'Dinas Kesehatan', category: 'goods', method: 'tender_cepat', budgetLine: '1.02.02.2.02.0012', paguRupiah: '900000000' });
  await indexed();
  const ppk = await as(PPK);
  await tender.createTender(ppk, { packageId: PACKAGE2, tenderId: FAILED, hps: '850000000', pokja: POKJA, committee: ['bdg-pokja-2', 'bpkp-auditor'] });
  for (const officer of ['bdg-pokja-2', 'bpkp-auditor']) await tender.registerOpeningKey(await as(officer), FAILED);
  await tender.announceTender(await as('bdg-pokja-3'), FAILED, 1, 6);
  await fastForward(world, 1.3);
  await indexed();
  const pokja1 = await as('bdg-pokja-1');
  await tender.declareFailed(pokja1, FAILED, 'Tidak ada penawaran yang masuk sampai batas akhir');
  await pokja1.getByTestId('tender-failed').waitFor();
  await axe(pokja1, 'tender workspace (failed)');
  await shot(pokja1, 'tw-08-failed');
  await indexed();
  assert.equal((await api(`/api/v1/processes/${FAILED}`)).detail.status, 'failed');

  await tender.createTender(ppk, { packageId: PACKAGE2, tenderId: `${FAILED}-ulang`, hps: '850000000', pokja: POKJA, committee: ['bdg-pokja-2', 'bpkp-auditor'], previousTenderId: FAILED });
  await indexed();
  const again = (await api(`/api/v1/processes/${FAILED}-ulang`)).detail;
  assert.deepEqual([again.status, again.previousTenderId], ['draft', FAILED]);

  // A phone's width: the workspace still reads (tables become cards) and passes axe.
  await ppk.setViewportSize({ width: 390, height: 844 });
  await ppk.goto(`${world.url}/kerja/tender`);
  await ppk.getByTestId(`tender-row-${TENDER}`).waitFor();
  await axe(ppk, 'tender workspace home (phone)');
  await shot(ppk, 'tw-09-home-phone');
});
