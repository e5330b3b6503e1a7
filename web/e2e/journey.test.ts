/**
 * One whole procurement lived through the browser by the people who do it, each in their own
 * Chromium context (their signing key, and an officer's opening key, in its IndexedDB), on a real
 * 4-validator network and its gateway in demo mode (e2e/world.ts):
 *
 *   PA plans and publishes the package → PPK sets up the tender → three opening officers of three
 *   institutions make their opening keys → Pokja announces → two suppliers register and submit
 *   bids sealed in their browsers → (deadline) two officers reveal → Pokja evaluates, two of three
 *   approve the award → the losing supplier files a sanggah, the Pokja rejects it → (sanggah and
 *   banding windows) PPK issues the SPPBJ → PPK drafts and signs the contract → the supplier signs
 *   → the supplier reports the work complete with its report uploaded → the PPK and an APIP
 *   auditor verify → the ledger issues the payment order → the treasury records the SP2D → a
 *   visitor with no login reads the contract page and checks the supplier's report file.
 *
 * Nothing is signed in Node except the founders' votes that move the ledger calendar past a
 * deadline (e2e/steps/time.ts). The step functions are the workspaces' own (e2e/steps/*.ts),
 * tested in detail by each workspace's test; this test checks what the ledger recorded after each
 * person's step, through the API, and that every main page of the journey passes axe-core.
 * Screenshots go to web/e2e/screenshots/j-*.png.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { buildWebIfStale } from '../scripts/build-web.js';
import { startWorld, type World } from './world.js';
import { fastForward, indexed as indexedBy, setTimeScale } from './steps/time.js';
import { loginAsDemo } from './steps/session.js';
import * as tender from './steps/tender.js';
import * as contract from './steps/contract.js';
import * as supplier from './steps/supplier.js';
import { axe, launchChromium, personContext, shot, SHOTS } from './browser.js';

// API answers are read field by field in assertions.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type J = any;


const PA = 'bdg-pa-dpu';
const PPK = 'bdg-ppk-jalan';
const POKJA = ['bdg-pokja-1', 'bdg-pokja-2', 'bdg-pokja-3'];
/** Three seats of three institutions (the city, its inspectorate, BPKP): k = 2. */
const COMMITTEE = ['bdg-pokja-1', 'insp-auditor', 'bpkp-auditor'];
const APIP = 'insp-auditor';
const TREASURY = 'bdg-bendahara';
const WINNER = 'cv-bangun-sekolah';
const LOSER = 'pt-jalan-mulus';
const PACKAGE = 'rup-2026-trotoar-jr';
const TENDER = 'tender-trotoar-jr';
const CONTRACT = 'kontrak-trotoar-jr';
const SP2D = '00731/SP2D/TROTOAR/2026';

let world: World;
let browser: Browser;
const pages = new Map<string, Page>();
const started = Date.now();
/** The supplier's progress report, uploaded in the journey and checked by the visitor at its end. */
const REPORT = contract.pdf('laporan-kemajuan-trotoar.pdf');

async function api(p: string): Promise<J> {
  const r = await fetch(world.url + p);
  assert.equal(r.status, 200, `GET ${p}: got ${r.status}`);
  return r.json();
}
const tenderOf = async () => (await api(`/api/v1/processes/${TENDER}`)).detail;
const contractOf = () => api(`/api/v1/contracts/${CONTRACT}`);

/** Each person in their own browser context, logged in through the demo switcher. */
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

/** No serious or critical accessibility violation, and a screenshot. */
async function look(page: Page, name: string): Promise<void> {
  await axe(page, name);
  await shot(page, `j-${name}`);
}

const indexed = () => indexedBy(world);

before(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  await buildWebIfStale();
  world = await startWorld({ demo: true, log: (m) => console.log(`# ${m}`) });
  // People act in real time; the founders move the calendar only when a deadline must pass.
  await setTimeScale(world, 1);
  browser = await launchChromium();
  console.log(`# world ready in ${((Date.now() - started) / 1000).toFixed(1)} s at ${world.url}`);
});

after(async () => {
  await browser?.close();
  await world?.close();
  console.log(`# journey took ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

test('the PA plans the package and publishes it', async () => {
  const pa = await as(PA);
  await contract.createPackage(pa, { packageId: PACKAGE, title: 'Pembangunan Trotoar Jl. Riau', workUnit: 'Dinas Pekerjaan Umum', category: 'works', method: 'tender', budgetLine: '1.03.02.2.01.0031', paguRupiah: '3000000000' });
  await contract.publishPackage(pa, PACKAGE);
  await look(pa, '01-pa-package');
  const pkg = (await api('/api/v1/packages?buyer=pemkot-bandung')).find((p: J) => p.id === PACKAGE);
  assert.equal(pkg?.status, 'published');
});

test('the PPK sets up the tender; the opening officers make their keys in their own browsers; the Pokja announces', async () => {
  const ppk = await as(PPK);
  await tender.createTender(ppk, { packageId: PACKAGE, tenderId: TENDER, hps: '2800000000', pokja: POKJA, committee: COMMITTEE });
  await look(ppk, '02-ppk-tender-created');
  for (const officer of COMMITTEE) await tender.registerOpeningKey(await as(officer), TENDER);
  const pokja = await as('bdg-pokja-2');
  await tender.announceTender(pokja, TENDER, 3);
  await look(pokja, '03-pokja-announced');
  await indexed();
  const t = await tenderOf();
  assert.equal(t.status, 'announced');
  assert.equal(t.threshold, 2);
  assert.ok(t.committee.every((s: J) => s.keyRegistered), 'every seat registered its key');
});

test('two suppliers register and submit bids sealed in their browsers; nobody can read a price before the opening', async () => {
  const bids: Array<[string, string]> = [
    [WINNER, '2500000000'],
    [LOSER, '2650000000'],
  ];
  for (const [org, price] of bids) {
    const page = await as(`${org}-signatory`);
    await supplier.registerForTender(page, TENDER);
    const { commitment } = await supplier.submitSealedBid(page, TENDER, { price, tkdnPercent: 0, validityDays: 90, technical: { name: `teknis-${org}.pdf`, mimeType: 'application/pdf', buffer: Buffer.from(`%PDF-1.7\n% usulan teknis ${org}\n`) } });
    assert.match(commitment, /^[0-9a-f]{64}$/, 'the receipt shows the commitment');
    if (org === WINNER) await look(page, '04-supplier-bid-receipt');
  }
  await indexed();
  // The public sees that two bids are in, never who or at what price.
  const pub = await api(`/api/v1/processes/${TENDER}`);
  assert.deepEqual(pub.bids, []);
  assert.ok(!JSON.stringify(pub).includes('2500000000') && !JSON.stringify(pub).includes('2650000000'), 'no price anywhere in the public answer');
});

test('after the deadline two officers reveal their keys; the ledger opens both bids', async () => {
  await fastForward(world, 3.05);
  await tender.revealOpeningKey(await as('bdg-pokja-1'), TENDER);
  await tender.revealOpeningKey(await as('bpkp-auditor'), TENDER);
  await indexed();
  let t = await tenderOf();
  if (t.status === 'opening') {
    // The third officer may still reveal until the grace period ends; then the Pokja closes the opening.
    await fastForward(world, 2.05);
    await tender.closeOpening(await as('bdg-pokja-2'), TENDER);
    await indexed();
    t = await tenderOf();
  }
  assert.equal(t.status, 'evaluation');
  const opened = (await api(`/api/v1/processes/${TENDER}`)).bids;
  assert.deepEqual(
    opened.map((b: J) => [b.bidder, b.status, b.content?.priceRupiah]),
    [
      [WINNER, 'opened', '2500000000'],
      [LOSER, 'opened', '2650000000'],
    ],
  );
});

test('the Pokja evaluates and two of three approve the award to the lowest bid', async () => {
  const pokja1 = await as('bdg-pokja-1');
  await tender.evaluate(pokja1, TENDER);
  await look(pokja1, '05-pokja-evaluation');
  await tender.approveAward(pokja1, TENDER);
  await tender.approveAward(await as('bdg-pokja-3'), TENDER);
  await indexed();
  const t = await tenderOf();
  assert.deepEqual([t.status, t.award.winner, t.award.priceRupiah, t.award.decidedBy], ['awarded', WINNER, '2500000000', 'pokja']);
});

test('the losing supplier files a sanggah; the Pokja rejects it; after the windows the PPK issues the SPPBJ', async () => {
  const loser = await as(`${LOSER}-signatory`);
  await supplier.fileObjection(loser, TENDER, 'Kami mohon penjelasan atas penilaian kualifikasi pemenang; pengalaman sejenisnya kami ragukan.');
  await look(loser, '06-supplier-sanggah');
  const pokja2 = await as('bdg-pokja-2');
  await tender.answerObjection(pokja2, TENDER, 1, false, 'Pengalaman sejenis pemenang sesuai kontrak yang dilampirkan dan telah diverifikasi; penetapan tetap.');
  await indexed();
  assert.deepEqual((await api(`/api/v1/processes/${TENDER}/objections`)).map((o: J) => o.status), ['rejected']);
  // The sanggah window (5 days from the award) and the banding window (5 days from the answer, works only).
  await fastForward(world, 5.2);
  const ppk = await as(PPK);
  await tender.issueSppbj(ppk, TENDER);
  await indexed();
  assert.equal((await tenderOf()).status, 'sppbj');
});

test('the PPK drafts and signs the contract; the supplier signs it', async () => {
  const ppk = await as(PPK);
  await contract.draftAndSignContract(ppk, {
    tenderId: TENDER,
    contractId: CONTRACT,
    advance: '0',
    durationDays: 90,
    maintenanceDays: 180,
    permanentWorks: true,
    milestones: [{ id: 'termin-1', title: 'Trotoar dan saluran tepi Jl. Riau', share: '100', dueDay: 90, apip: true }],
  });
  await look(ppk, '07-ppk-contract-signed');
  const winner = await as(`${WINNER}-signatory`);
  await supplier.signContract(winner, CONTRACT, { bondReference: 'JAMLAK/TROTOAR-JR/2026' });
  await indexed();
  const c = await contractOf();
  assert.equal(c.status, 'active');
  assert.equal(c.terms.valueRupiah, '2500000000');
  assert.deepEqual(c.terms.milestones[0].verifiers, [{ kind: 'ppk' }, { kind: 'apip' }]);
});

test('the supplier reports the work complete with its report; the PPK and an APIP auditor verify; the ledger issues the payment order', async () => {
  const winner = await as(`${WINNER}-signatory`);
  const { sha256 } = await supplier.reportProgress(winner, CONTRACT, 'termin-1', REPORT);
  assert.equal(sha256, createHash('sha256').update(REPORT.buffer).digest('hex'), 'the browser hashed the file that was uploaded');
  await look(winner, '08-supplier-progress');
  await indexed();
  assert.equal((await contractOf()).orders.length, 0, 'no order before the verifications');

  const ppk = await as(PPK);
  await contract.verifyMilestone(ppk, CONTRACT, 'termin-1');
  await indexed();
  assert.equal((await contractOf()).orders.length, 0, 'one verifier is not enough');
  const apip = await as(APIP);
  await contract.verifyMilestone(apip, CONTRACT, 'termin-1', 'Reviu APIP: volume dan mutu sesuai kontrak');
  await look(apip, '09-apip-verified');
  await indexed();
  const order = (await contractOf()).orders[0];
  // The whole value, no advance to repay, 5 % retained, on time.
  assert.deepEqual(
    [order.milestoneId, order.grossRupiah, order.advanceRepaymentRupiah, order.retentionRupiah, order.penaltyDeductedRupiah, order.netRupiah],
    ['termin-1', '2500000000', '0', '125000000', '0', '2375000000'],
  );
});

test('the treasury records the SP2D', async () => {
  const page = await as(TREASURY);
  await contract.recordPayment(page, CONTRACT, 1, SP2D);
  await look(page, '10-treasury-paid');
  await indexed();
  const c = await contractOf();
  assert.deepEqual(
    c.payments.map((p: J) => [p.orderNo, p.sp2dNumber ?? p.sp2d, p.amountRupiah]),
    [[1, SP2D, '2375000000']],
  );
  assert.equal(c.orders[0].status, 'paid');
});

test('a visitor with no login reads the contract page and checks the supplier’s report file', async () => {
  const context = await personContext(browser, { baseURL: world.url });
  const page = await context.newPage();
  await page.goto(`${world.url}/kontrak/${CONTRACT}`);
  await page.locator('.timeline__item').first().waitFor();
  const text = await page.locator('main').innerText();
  assert.match(text, /Rp\u00a02\.500\.000\.000/, 'the value');
  assert.match(text, /Rp\u00a02\.375\.000\.000/, 'the net of the payment order');
  assert.match(text, new RegExp(SP2D.replace(/\//g, '\\/')), 'the SP2D');
  await look(page, '11-public-contract');

  await page.goto(`${world.url}/verifikasi`);
  await page.getByTestId('verify-file').setInputFiles(REPORT);
  const yes = page.getByTestId('verdict-anchored');
  await yes.waitFor();
  assert.match(await yes.innerText(), new RegExp(`kontrak ${CONTRACT}`));
  await look(page, '12-public-verify');
  await context.close();
});
