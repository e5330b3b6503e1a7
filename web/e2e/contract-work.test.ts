/**
 * The contract side end to end, in Debian's Chromium against a real 4-validator network (the world
 * of e2e/world.ts, its gateway in demo mode). In their own browsers: the PA creates and publishes
 * a works package; (a tender on it runs in Node, cli/lifecycle.ts, to its award letter); the PPK
 * sees it waiting for a contract, is told the advance is above the small supplier's cap, drafts
 * the terms (two milestones: PPK + supervision consultant, PPK + APIP) with the bond the ledger
 * computes shown, and signs; (the supplier signs and reports progress in Node — its pages have
 * their own test); the PPK and then the consultant verify the first milestone, which makes the
 * ledger issue its payment order, shown with its computation; the treasury records SP2Ds, is
 * stopped from overpaying by the form and refused by the ledger for a reused SP2D number, in
 * Indonesian; the PPK is shown an amendment over the 10 % cap, proposes one within it; the PPK
 * and an APIP auditor verify the second milestone; after the supplier's handover request the PPK
 * records the PHO, and after the maintenance period (the founders speed the calendar up) the FHO,
 * which closes the contract and releases the retention; finally the PPK terminates the world's
 * road-works contract for the supplier's fault. Every workspace page passes axe-core (no serious
 * or critical violation) and is saved in web/e2e/screenshots/.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { type Browser, type Page } from 'playwright-core';
import { buildWebIfStale } from '../scripts/build-web.js';
import { Procurement, sha256Hex, signatoryOf } from '../../cli/lifecycle.js';
import { ROAD_CONTRACT, startWorld, type World } from './world.js';
import { fastForward, indexed as indexedBy, portOf, setTimeScale } from './steps/time.js';
import { loginAsDemo } from './steps/session.js';
import * as contract from './steps/contract.js';
import { axe, launchChromium, personContext, shot, SHOTS } from './browser.js';

// API answers are read field by field in assertions.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type J = any;


const PA = 'bdg-pa-dpu';
const PPK = 'bdg-ppk-jalan';
const TREASURY = 'bdg-bendahara';
const CONSULTANT = 'cv-konsultan-priangan';
const APIP = 'insp-auditor';
const SUPPLIER = 'cv-bangun-sekolah'; // a small business: the advance cap is 30 %
const POKJA = ['bdg-pokja-1', 'bdg-pokja-2', 'bdg-pokja-3'];
const PACKAGE = 'rup-2026-drainase-cw';
const TENDER = 'tender-drainase-cw';
const CONTRACT = 'kontrak-drainase-cw';

let world: World;
let browser: Browser;
const pages = new Map<string, Page>();
const started = Date.now();

async function api(p: string): Promise<J> {
  const r = await fetch(world.url + p);
  assert.equal(r.status, 200, `GET ${p}: got ${r.status}`);
  return r.json();
}
const contractOf = () => api(`/api/v1/contracts/${CONTRACT}`);

const indexed = () => indexedBy(world);

/** Each person in their own browser context (their key lives in its IndexedDB), logged in through the demo switcher. */
async function as(memberId: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const known = pages.get(memberId);
  if (known) return known;
  const context = await personContext(browser, { baseURL: world.url, viewport });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log(`# page error (${memberId}): ${e.message}`));
  await loginAsDemo(page, memberId);
  pages.set(memberId, page);
  return page;
}



/** Checks a page with axe and saves it. */
async function look(page: Page, name: string): Promise<void> {
  await page.locator('h1').first().waitFor();
  await axe(page, name);
  await shot(page, name);
}

before(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  await buildWebIfStale();
  world = await startWorld({ demo: true, log: (m) => console.log(`# ${m}`) });
  browser = await launchChromium();
  console.log(`# world ready in ${((Date.now() - started) / 1000).toFixed(1)} s at ${world.url}`);
});

after(async () => {
  await browser?.close();
  await world?.close();
  console.log(`# the whole file took ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

test('the PA creates and publishes a works package; the form refuses a method above its threshold first', async () => {
  const page = await as(PA);
  await page.goto('/kerja/pa');
  await page.locator('select[name="category"]').selectOption('works');
  await page.locator('select[name="method"]').selectOption('pengadaan_langsung');
  await page.locator('input[name="pagu"]').fill('3.000.000.000');
  await page.locator('.cw-problems').getByText('Pengadaan Langsung untuk kategori ini paling tinggi Rp\u00a0400.000.000').waitFor();
  assert.ok(await page.locator('button[data-sign="plan.create_package"]').isDisabled(), 'a package the ledger would refuse cannot be signed');
  await look(page, 'contract-work-pa');
  await contract.createPackage(page, { packageId: PACKAGE, title: 'Rehabilitasi Saluran Drainase Jl. Cibiru', workUnit: 'Dinas Pekerjaan Umum', category: 'works', method: 'tender', budgetLine: '1.03.02.2.01.0021', paguRupiah: '3000000000' });
  await contract.publishPackage(page, PACKAGE);
  const pkg = (await api('/api/v1/packages?buyer=pemkot-bandung')).find((p: J) => p.id === PACKAGE);
  assert.equal(pkg?.status, 'published', `got ${pkg?.status}, want published`);
  assert.equal(pkg.paguRupiah, '3000000000');
});

test('(Node) a tender on the package reaches its award letter', async () => {
  // Real time while the bids go in (however slow the machine); the founders move the calendar past the deadlines.
  await setTimeScale(world, 1);
  const p = new Procurement(portOf(world));
  await p.openTender({ tenderId: TENDER, packageId: PACKAGE, ppk: PPK, hpsRupiah: '2800000000', pokja: POKJA, committee: [...POKJA, APIP, 'bpkp-auditor'], threshold: 4, bidDays: 2 });
  await Promise.all([p.bid(TENDER, SUPPLIER, { priceRupiah: '2500000000' }), p.bid(TENDER, 'pt-jalan-mulus', { priceRupiah: '2650000000' })]);
  await fastForward(world, 2.05);
  await p.openBids(TENDER);
  await p.evaluate(TENDER, POKJA[0]!);
  await p.award(TENDER, SUPPLIER, PA);
  // The sanggah window (5 days) passes.
  await fastForward(world, 5.1);
  await p.sppbj(TENDER, PPK);
  await indexed();
  assert.equal((await api(`/api/v1/processes/${TENDER}`)).status, 'sppbj');
});

test('the PPK sees the award letter waiting, is told the advance is above the cap, drafts within the rules and signs', async () => {
  const page = await as(PPK);
  await page.goto('/kerja/ppk');
  await page.locator('[data-testid="awaiting-contract"]').getByText(TENDER).waitFor({ timeout: 30_000 });
  await look(page, 'contract-work-ppk');
  await page.goto(`/kerja/ppk/kontrak-baru/${TENDER}`);
  const form = page.locator('form.cw-form');
  await form.locator('input[name="advance"]').fill('35');
  await form.locator('.cw-problems').getByText('Uang muka melebihi batas 30 %').waitFor();
  // The bond the ledger will compute: 5 % of the value (the price is above 80 % of the HPS).
  await form.getByText('5\u00a0% × nilai Rp\u00a02.500.000.000').waitFor();
  await look(page, 'contract-work-draft');
  const h = await contract.draftAndSignContract(page, {
    tenderId: TENDER,
    contractId: CONTRACT,
    advance: '30',
    durationDays: 120,
    maintenanceDays: 180,
    permanentWorks: true,
    milestones: [
      { id: 'termin-1', title: 'Galian dan saluran segmen 1', share: '40', dueDay: 60, consultantOrg: CONSULTANT },
      { id: 'termin-2', title: 'Saluran segmen 2 dan penutup', share: '60', dueDay: 120, apip: true },
    ],
  });
  assert.ok(h > 0);
  const c = await contractOf();
  assert.equal(c.status, 'draft');
  assert.equal(c.terms.ppk, PPK);
  assert.equal(c.terms.valueRupiah, '2500000000');
  assert.equal(c.terms.advanceRupiah, '750000000', 'advance 30 % of the value');
  assert.equal(c.terms.performanceBondRupiah, '125000000', 'bond 5 % of the value, as the page said');
  assert.deepEqual(
    c.terms.milestones.map((m: J) => m.verifiers),
    [
      [{ kind: 'ppk' }, { kind: 'org', orgId: CONSULTANT }],
      [{ kind: 'ppk' }, { kind: 'apip' }],
    ],
  );
  assert.ok(c.terms.signatures.ppk, 'the PPK signed');
  await look(page, 'contract-work-contract-draft');
});

test('(Node) the supplier signs and reports the first milestone complete', async () => {
  const p = new Procurement(portOf(world));
  await p.must(signatoryOf(SUPPLIER), 'contract.sign', { contractId: CONTRACT, bondReference: 'JAMLAK/DRAINASE-CW/2026', advanceGuaranteeReference: 'JUM/DRAINASE-CW/2026' });
  await p.must(signatoryOf(SUPPLIER), 'execution.report_progress', { contractId: CONTRACT, milestoneId: 'termin-1', progressBp: 10_000, complete: true, note: 'Segmen 1 selesai 100 %', documentHashes: [sha256Hex('laporan termin-1 drainase')] });
  await indexed();
  const c = await contractOf();
  assert.equal(c.status, 'active');
  assert.equal(c.orders[0].kind, 'advance');
  assert.equal(c.orders[0].netRupiah, '750000000');
});

test('the PPK and the consultant verify the first milestone; the last verification issues its payment order', async () => {
  const ppk = await as(PPK);
  await ppk.goto('/kerja/verifikasi');
  await ppk.locator(`tr[data-milestone="${CONTRACT}/termin-1"]`).waitFor({ timeout: 30_000 });
  await look(ppk, 'contract-work-queue');
  await contract.verifyMilestone(ppk, CONTRACT, 'termin-1');
  // The PPK's slot is filled; the consultant's is still awaited, and no order exists yet.
  await ppk.locator('.cw-slots-list').getByText('masih ditunggu').waitFor({ timeout: 30_000 });
  assert.equal((await contractOf()).orders.length, 1, 'no order before every slot is filled');
  await look(ppk, 'contract-work-verify-awaiting');

  const consultant = await as(`${CONSULTANT}-signatory`);
  await consultant.goto('/kerja/verifikasi');
  await consultant.locator(`tr[data-milestone="${CONTRACT}/termin-1"]`).waitFor({ timeout: 30_000 });
  await contract.verifyMilestone(consultant, CONTRACT, 'termin-1', 'Diawasi konsultan: volume dan mutu sesuai');
  await consultant.getByText('Perintah bayar no. 2').waitFor({ timeout: 30_000 });
  const order = (await contractOf()).orders.find((o: J) => o.milestoneId === 'termin-1');
  // 40 % of Rp 2,5 M; advance repaid pro rata (40 % of Rp 750 jt); retention 5 %; on time.
  assert.deepEqual(
    [order.grossRupiah, order.advanceRepaymentRupiah, order.retentionRupiah, order.penaltyDeductedRupiah, order.netRupiah],
    ['1000000000', '300000000', '50000000', '0', '650000000'],
  );
  for (const [label, amount] of <Array<[string, string]>>[
    ['Bruto', '1.000.000.000'],
    ['Pengembalian uang muka', '300.000.000'],
    ['Retensi', '50.000.000'],
    ['Bersih dibayar', '650.000.000'],
  ]) {
    const row = consultant.locator('.cw-computation > div').filter({ has: consultant.locator('dt', { hasText: label }) });
    assert.match(await row.locator('dd').innerText(), new RegExp(amount.replace(/\./g, '\\.')), `${label} on the page`);
  }
  await look(consultant, 'contract-work-verify-ordered');
  // The queue is empty for the consultant now.
  await consultant.goto('/kerja/verifikasi');
  await consultant.getByText('Tidak ada termin yang menunggu verifikasi Anda.').waitFor();
});

test('the treasury pays the orders; the form stops an overpayment and the ledger refuses a reused SP2D number, in Indonesian', async () => {
  const page = await as(TREASURY);
  await page.goto('/kerja/bendahara');
  await page.locator(`tr[data-order="${CONTRACT}/1"]`).waitFor({ timeout: 30_000 });
  assert.equal(await page.locator('a[download]').getAttribute('href'), '/api/v1/payment-orders.csv?buyer=pemkot-bandung&status=unpaid&limit=1000');
  await look(page, 'contract-work-treasury');
  await contract.recordPayment(page, CONTRACT, 1, '00101/SP2D/DRAINASE/2026');

  await page.goto(`/kerja/bendahara/${CONTRACT}/2`);
  const form = page.locator('form.cw-form');
  await form.locator('input[name="sp2d"]').fill('00102/SP2D/DRAINASE/2026');
  await form.locator('input[name="amount"]').fill('650000001');
  await form.locator('.cw-problems').getByText('Melebihi yang masih harus dibayar (Rp\u00a0650.000.000)').waitFor();
  assert.ok(await form.locator('button[data-sign="execution.record_payment"]').isDisabled(), 'an overpayment cannot be signed');
  await look(page, 'contract-work-payment');
  // A number already used on this contract: the ledger refuses it and says so in Indonesian.
  await form.locator('input[name="sp2d"]').fill('00101/SP2D/DRAINASE/2026');
  await form.locator('input[name="amount"]').fill('400000000');
  await assert.rejects(contract.signAndWait(page, 'execution.record_payment', form), /Buku besar menolak transaksi ini.*ALREADY_EXISTS/);
  // Part of it, then the rest.
  await contract.recordPayment(page, CONTRACT, 2, '00102/SP2D/DRAINASE/2026', '400000000');
  await contract.recordPayment(page, CONTRACT, 2, '00103/SP2D/DRAINASE/2026');
  const c = await contractOf();
  assert.deepEqual(
    c.orders.map((o: J) => [o.no, o.paidRupiah, o.status]),
    [
      [1, '750000000', 'paid'],
      [2, '650000000', 'paid'],
    ],
  );
  assert.deepEqual(
    c.payments.map((p: J) => [p.orderNo, p.sp2dNumber, p.amountRupiah]),
    [
      [1, '00101/SP2D/DRAINASE/2026', '750000000'],
      [2, '00102/SP2D/DRAINASE/2026', '400000000'],
      [2, '00103/SP2D/DRAINASE/2026', '250000000'],
    ],
  );
});

test('the PPK is shown an amendment over the 10 % cap, then proposes one within it', async () => {
  const page = await as(PPK);
  await page.goto(`/kerja/ppk/kontrak/${CONTRACT}`);
  const form = page.locator('form.cw-form').filter({ has: page.locator('input[name="amendmentId"]') });
  await form.locator('input[name="valueChange"]').fill('300.000.000');
  await form.locator('.cw-problems').getByText('Jumlah penambahan nilai melebihi 10 %').waitFor();
  await form.getByText('= Rp\u00a0300.000.000 (12\u00a0% dari nilai awal').waitFor();
  await look(page, 'contract-work-amendment');
  await contract.proposeAmendment(page, CONTRACT, { amendmentId: 'adendum-1', valueChangeRupiah: '125000000', extraDays: 10, reason: 'Tambahan panjang saluran 40 m sesuai hasil pengukuran bersama' });
  const p = new Procurement(portOf(world));
  await p.must(signatoryOf(SUPPLIER), 'contract.approve_amendment', { contractId: CONTRACT, amendmentId: 'adendum-1' });
  await indexed();
  const c = await contractOf();
  assert.equal(c.terms.valueRupiah, '2625000000');
  assert.equal(c.terms.addedRupiah, '125000000');
});

test('the PPK and an APIP auditor verify the second milestone; the PPK records the PHO, then the FHO after maintenance', async () => {
  const p = new Procurement(portOf(world));
  await p.must(signatoryOf(SUPPLIER), 'execution.report_progress', { contractId: CONTRACT, milestoneId: 'termin-2', progressBp: 10_000, complete: true, note: 'Segmen 2 selesai 100 %', documentHashes: [sha256Hex('laporan termin-2 drainase')] });
  await indexed();
  await contract.verifyMilestone(await as(PPK), CONTRACT, 'termin-2');
  const apip = await as(APIP);
  await apip.goto('/kerja/verifikasi');
  await apip.locator(`tr[data-milestone="${CONTRACT}/termin-2"]`).waitFor({ timeout: 30_000 });
  await contract.verifyMilestone(apip, CONTRACT, 'termin-2', 'Reviu APIP: sesuai kontrak dan adendum');
  const order = (await contractOf()).orders.find((o: J) => o.milestoneId === 'termin-2');
  // The last milestone takes what is left: the value after the amendment less what was ordered, and the rest of the advance.
  assert.equal(order.grossRupiah, '1625000000');
  assert.equal(order.advanceRepaymentRupiah, '450000000');

  await p.must(signatoryOf(SUPPLIER), 'contract.request_handover', { contractId: CONTRACT });
  await indexed();
  const ppk = await as(PPK);
  await contract.handover(ppk, CONTRACT, 'pho');
  assert.equal((await contractOf()).status, 'maintenance');
  // Before the maintenance period ends the page says why the FHO cannot be signed.
  await ppk.goto(`/kerja/ppk/kontrak/${CONTRACT}`);
  await ppk.getByText('Masa pemeliharaan belum berakhir').first().waitFor({ timeout: 30_000 });
  await look(ppk, 'contract-work-maintenance');
  await fastForward(world, 181);
  await ppk.reload();
  await contract.handover(ppk, CONTRACT, 'fho');
  const c = await contractOf();
  assert.equal(c.status, 'closed');
  const release = c.orders.find((o: J) => o.kind === 'retention');
  assert.equal(release?.grossRupiah, c.terms.totals.retentionHeldRupiah, 'the retention held is released');
});

test("the PPK terminates the road works contract for the supplier's fault", async () => {
  const page = await as(PPK);
  const before = await api(`/api/v1/contracts/${ROAD_CONTRACT}`);
  assert.equal(before.terms.ppk, PPK);
  await contract.terminateContract(page, ROAD_CONTRACT, 'Penyedia menghentikan pekerjaan 30 hari tanpa alasan yang sah');
  const after = await api(`/api/v1/contracts/${ROAD_CONTRACT}`);
  assert.equal(after.status, 'terminated');
  assert.equal(after.terms.termination.bondClaimRupiah, before.terms.performanceBondRupiah);
  const cases = await api('/api/v1/sanctions');
  assert.ok(
    cases.some((s: J) => s.id === `putus-${ROAD_CONTRACT}`),
    'a blacklist case is opened for the PA to decide',
  );
});

test('the workspace pages fit a phone', async () => {
  const page = await as(PPK);
  await page.setViewportSize({ width: 375, height: 800 });
  for (const [p, name] of <Array<[string, string]>>[
    ['/kerja/ppk', 'contract-work-ppk-phone'],
    [`/kerja/ppk/kontrak/${CONTRACT}`, 'contract-work-contract-phone'],
  ]) {
    await page.goto(p);
    await page.locator('h1').first().waitFor();
    await page.locator('.loading').first().waitFor({ state: 'detached', timeout: 30_000 }).catch(() => undefined);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `${p} is wider than the phone by ${overflow} px`);
    await shot(page, name);
  }
});
