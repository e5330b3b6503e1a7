/**
 * The public portal end to end, in Debian's Chromium (playwright-core) against a real
 * 4-validator network and its gateway serving the built app (web/e2e/world.ts): a visitor with no
 * login searches, opens the road works contract, reads the payment-order computation and the
 * timeline, switches between Bahasa Indonesia and English (no string of the other language left
 * on screen), checks two files — one the PPK anchored, one nobody did — and looks at the network.
 * Every page passes axe-core with no serious or critical violation and is saved as a screenshot
 * (web/e2e/screenshots/). The contract page's time to interactive and the initial JavaScript's
 * gzip size go to bench/results/web.json.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { buildWebIfStale, WEB_DIST } from '../scripts/build-web.js';
import { ROAD_CONTRACT, ROAD_TENDER, startWorld, type World } from './world.js';
import { axe as axeOn, launchChromium, personContext, SHOTS, shot as shotOf } from './browser.js';

// API answers are read field by field in assertions.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type J = any;

const RESULTS = path.resolve(import.meta.dirname, '../../bench/results/web.json');
/** The amendment's document: cli/lifecycle.ts anchors sha256Hex('adendum 1'), so these bytes are that file. */
const ANCHORED_FILE = Buffer.from('adendum 1');

type Lang = 'id' | 'en';
type Tree = { [k: string]: string | Tree };
const catalogue = (lang: Lang) => JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '../src/i18n', `${lang}.json`), 'utf8')) as Tree;
function flatten(t: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(t)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else for (const [kk, vv] of flatten(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}
const words = { id: flatten(catalogue('id')), en: flatten(catalogue('en')) };

let world: World;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let base: string;
const started = Date.now();

async function api(p: string): Promise<J> {
  const r = await fetch(base + p);
  assert.equal(r.status, 200, `GET ${p}: got ${r.status}`);
  return r.json();
}

/** No serious or critical accessibility violation on the page as it stands. */
async function axe(name: string): Promise<void> {
  await axeOn(page, name);
}

async function shot(name: string): Promise<void> {
  await shotOf(page, name);
}

/**
 * Visible text that is a catalogue string of the other language (and not the same in both):
 * an untranslated string. Placeholders match anything; strings made only of placeholders and
 * punctuation are not checked.
 */
async function untranslated(showing: Lang): Promise<string[]> {
  const other: Lang = showing === 'id' ? 'en' : 'id';
  const texts: string[] = await page.evaluate(() => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      const s = (n.textContent ?? '').replace(/\s+/g, ' ').trim();
      if (s && el && el.checkVisibility() && !el.closest('.visually-hidden')) out.push(s);
    }
    return out;
  });
  const found: string[] = [];
  const own = new Set(words[showing].values());
  for (const [key, value] of words[other]) {
    // The same words in both languages (Tender, HPS, Auditor…) are not untranslated.
    if (own.has(value)) continue;
    if (value.replace(/\{\{\s*\w+\s*\}\}/g, '').replace(/[^\p{L}]/gu, '').length < 4) continue;
    // "{{done}} dari {{total}}": one word between two values matches any text holding that word
    // (a person's own words, such as an amendment's reason), so it says nothing about the page.
    if (/^\{\{/.test(value) && /\}\}$/.test(value) && !/\s/.test(value.replace(/\{\{\s*\w+\s*\}\}/g, ' ').trim())) continue;
    const re = new RegExp(`^${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\\\{\\\{\s*\w+\s*\\\}\\\}/g, '.+?')}$`, 'u');
    const hit = texts.find((t) => re.test(t));
    if (hit) found.push(`${key}: "${hit}"`);
  }
  return found;
}

async function switchTo(lang: Lang): Promise<void> {
  if ((await page.evaluate(() => document.documentElement.lang)) === lang) return;
  await page.getByRole('group', { name: lang === 'en' ? 'Bahasa' : 'Language' }).getByRole('button', { name: new RegExp(`^${lang.toUpperCase()}\\b`) }).click();
  await page.waitForFunction((l) => document.documentElement.lang === l, lang);
}

before(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  await buildWebIfStale();
  // While working on the app: PRASASTI_WEB_E2E_URL names a world already running (.tmp scripts
  // that call startWorld), so that the browser part can be run again in seconds.
  if (process.env.PRASASTI_WEB_E2E_URL) base = process.env.PRASASTI_WEB_E2E_URL;
  else {
    world = await startWorld({ log: (m) => console.log(`# ${m}`) });
    base = world.url;
  }
  browser = await launchChromium();
  context = await personContext(browser);
  page = await context.newPage();
  page.on('pageerror', (e) => console.log(`# page error: ${e.message}`));
  console.log(`# world ready in ${((Date.now() - started) / 1000).toFixed(1)} s at ${base}`);
});

after(async () => {
  await browser?.close();
  await world?.close();
  console.log(`# e2e took ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

test('the gateway serves the app: index without cache, hashed assets immutable, deep links, the API keeps its 404', async () => {
  const index = await fetch(`${base}/`);
  assert.equal(index.status, 200);
  assert.match(index.headers.get('cache-control') ?? '', /no-cache/);
  assert.match(index.headers.get('content-security-policy') ?? '', /default-src 'self'/);
  const html = await index.text();
  const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1];
  assert.ok(asset, 'index.html names its entry script');
  const js = await fetch(base + asset, { headers: { 'accept-encoding': 'br, gzip' } });
  assert.equal(js.status, 200);
  assert.match(js.headers.get('cache-control') ?? '', /immutable/);
  const deep = await fetch(`${base}/kontrak/${ROAD_CONTRACT}`);
  assert.equal(deep.status, 200);
  assert.match(deep.headers.get('content-type') ?? '', /text\/html/);
  const missingApi = await fetch(`${base}/api/v1/nothing-here`);
  assert.equal(missingApi.status, 404);
  assert.equal(((await missingApi.json()) as J).error.code, 'NOT_FOUND');
  assert.equal((await fetch(`${base}/assets/nothing-here.js`)).status, 404, 'a missing asset is a 404, not the app');
});

test('a visitor searches and opens a contract, keyboard first', async () => {
  await page.goto(`${base}/`);
  await page.getByRole('heading', { level: 1, name: 'Cari pengadaan dan kontrak' }).waitFor();
  await page.getByRole('heading', { name: 'Kontrak terbaru' }).waitFor();
  // The skip link is the first stop and lands on the main region.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), 'Langsung ke isi');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
  await axe('search (recent contracts)');
  await shot('01-search');

  const box = page.getByRole('searchbox', { name: 'Kata kunci' });
  await box.focus();
  await page.keyboard.type('jalan soekarno');
  await page.keyboard.press('Enter');
  await page.waitForURL(/q=jalan/);
  const results = page.locator('.results-table tbody tr');
  await page.getByRole('heading', { name: 'Hasil pencarian' }).waitFor();
  await results.first().waitFor();
  assert.equal(await results.count(), 1, 'one contract matches "jalan soekarno"');
  assert.match(await results.first().innerText(), /Rp\s8,66\sM/);
  // Filters: an agency and a value range that leave the road works out.
  await page.getByText('Saring').click();
  await page.getByLabel('Nilai paling tinggi (Rp)').fill('1000000000');
  await page.getByRole('button', { name: 'Cari', exact: true }).click();
  await page.waitForURL(/maks=1000000000/);
  await page.getByText('Tidak ada yang cocok').waitFor();
  await page.getByLabel('Nilai paling tinggi (Rp)').fill('');
  await page.getByLabel('Instansi').selectOption({ label: 'Pemerintah Kota Bandung' });
  await page.getByLabel('Status').selectOption({ label: 'Berjalan' });
  await page.getByRole('button', { name: 'Cari', exact: true }).click();
  await page.waitForURL(/status=active/);
  await results.first().waitFor();
  assert.equal(await results.count(), 1);
  await axe('search results');
  await shot('02-search-results');

  // A page at a time: with pages of one (the API's own limit, set on the way out), "more" follows
  // the API's keyset cursor until the last page.
  await page.route('**/api/v1/contracts?*', (route) => {
    const u = new URL(route.request().url());
    u.searchParams.set('limit', '1');
    return route.continue({ url: u.toString() });
  });
  await page.goto(`${base}/`);
  await results.first().waitFor();
  assert.equal(await results.count(), 1, 'a page of one');
  await page.getByRole('button', { name: 'Tampilkan lebih banyak' }).click();
  await results.nth(1).waitFor();
  assert.equal(await results.count(), 2, 'the second page added below the first');
  await page.getByText('2 ditampilkan', { exact: true }).waitFor();
  assert.equal(await page.getByRole('button', { name: 'Tampilkan lebih banyak' }).count(), 0, 'no "more" after the last page');
  await page.unroute('**/api/v1/contracts?*');

  // Tenders and packages: the road works tender is there.
  await page.goto(`${base}/?jenis=tender&q=jalan`);
  await page.locator('.results-table tbody tr').first().waitFor();
  assert.match(await page.locator('.results-table').innerText(), /Rehabilitasi Jalan Soekarno-Hatta/);

  await page.goBack();
  await page.getByRole('link', { name: /Rehabilitasi Jalan Soekarno-Hatta/ }).click();
  await page.waitForURL(new RegExp(`/kontrak/${ROAD_CONTRACT}$`));
  await page.getByRole('heading', { level: 1, name: /Rehabilitasi Jalan Soekarno-Hatta/ }).waitFor();
});

test('the contract page shows the terms, the payment-order computation, the milestones, amendments, S-curve, documents and timeline', async () => {
  const c: J = await api(`/api/v1/contracts/${ROAD_CONTRACT}`);
  const late: J = c.orders.find((o: J) => o.kind === 'milestone' && o.lateDays > 0);
  assert.ok(late, 'the scenario has a late milestone order');
  await page.goto(`${base}/kontrak/${ROAD_CONTRACT}`);
  await switchTo('id');
  const main = page.locator('main');
  await main.locator('.timeline__item').first().waitFor();
  const text = await main.innerText();
  const rp = (s: string) => `Rp\u00a0${BigInt(s).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.')}`;
  assert.ok(text.includes(rp(c.value)), `the value ${rp(c.value)} is shown`);
  assert.ok(text.includes('Rp\u00a08.660.200.000'));
  for (const w of ['Harga satuan', 'Uang muka', 'Retensi', 'Denda keterlambatan', '400 hari kalender']) assert.ok(text.includes(w), `terms: ${w}`);
  // The late termin's order, component by component, as the ledger computed it.
  const order = main.locator('article.order', { hasText: `Perintah bayar no. ${late.no}` });
  const computation = await order.innerText();
  for (const field of ['grossRupiah', 'advanceRepaymentRupiah', 'retentionRupiah', 'penaltyDeductedRupiah', 'netRupiah']) assert.ok(computation.includes(rp(late[field])), `order ${late.no}: ${field} ${rp(late[field])}`);
  assert.match(computation, new RegExp(`terlambat ${late.lateDays} hari × 1‰`));
  assert.equal(BigInt(late.netRupiah), BigInt(late.grossRupiah) - BigInt(late.advanceRepaymentRupiah) - BigInt(late.retentionRupiah) - BigInt(late.penaltyDeductedRupiah));
  assert.ok(computation.includes('SP2D'), 'the payment the treasury recorded is under its order');
  // Milestones: who verified, who is still awaited.
  await main.locator('#termin .who__role').first().waitFor();
  await main.getByText('CV Konsultan Teknik Priangan').first().waitFor();
  const milestones = await main.locator('#termin').innerText();
  assert.match(milestones, /Penanda tangan penyedia · CV Konsultan Teknik Priangan/);
  assert.match(milestones, /APIP \(Inspektorat\)/);
  assert.match(milestones, /terlambat \d+ hari/);
  // Amendments against the cap; the S-curve; documents with their anchoring.
  assert.match(await main.locator('#adendum').innerText(), /6\u00a0% dari nilai awal \(batas 10\u00a0%/);
  assert.equal(await main.locator('#kurva-s svg[role=img] path.s-curve__actual').count(), 1);
  assert.match(await main.locator('#dokumen').innerText(), /Tercatat pada blok \d+/);
  // The timeline: every event, with who, institution, when, block and transaction.
  const items = main.locator('.timeline__item');
  await items.first().locator('.who__role').waitFor();
  assert.equal(await items.count(), c.history.length, 'one timeline entry per event');
  const first = await items.first().innerText();
  assert.match(first, /Kontrak disusun/);
  assert.match(first, /PPK · Pemerintah Kota Bandung/);
  assert.match(first, new RegExp(`blok ${c.history[0].height}`));
  assert.ok(first.includes(c.history[0].txHash.slice(0, 8)), 'the transaction hash');
  assert.match(await main.locator('#riwayat').innerText(), /Perintah bayar diterbitkan[\s\S]*Adendum disetujui[\s\S]*Pembayaran dicatat \(SP2D\)/);
  await axe('contract page');
  await shot('03-contract');
});

test('every page switches to English and back with no string of the other language left', async () => {
  await page.goto(`${base}/kontrak/${ROAD_CONTRACT}`);
  await switchTo('id');
  await page.locator('.timeline__item').first().waitFor();
  await switchTo('en');
  await page.getByRole('heading', { name: 'Terms of the contract' }).waitFor();
  assert.deepEqual(await untranslated('en'), [], 'Indonesian strings on the English contract page');
  assert.match(await page.locator('main').innerText(), /Payment order no\. \d+ · Instalment \(Termin\)/);
  await axe('contract page (English)');
  await shot('04-contract-en');
  // The choice is remembered.
  await page.reload();
  await page.getByRole('heading', { name: 'Terms of the contract' }).waitFor();

  await page.goto(`${base}/tender/${ROAD_TENDER}`);
  await page.locator('.timeline__item').first().waitFor();
  assert.match(await page.locator('main').innerText(), /HPS \(owner's estimate\)[\s\S]*Evaluation and award/);
  assert.deepEqual(await untranslated('en'), [], 'Indonesian strings on the English tender page');
  await axe('tender page (English)');
  await shot('05-tender-en');

  await page.goto(`${base}/jaringan`);
  await page.getByTestId('node-status').waitFor();
  assert.deepEqual(await untranslated('en'), [], 'Indonesian strings on the English network page');
  await shot('06-network-en');

  await page.goto(`${base}/verifikasi`);
  assert.deepEqual(await untranslated('en'), [], 'Indonesian strings on the English verify page');
  await page.goto(`${base}/`);
  await page.locator('.results-table tbody tr').first().waitFor();
  assert.deepEqual(await untranslated('en'), [], 'Indonesian strings on the English search page');
  await axe('search (English)');

  await switchTo('id');
  await page.getByRole('heading', { name: 'Kontrak terbaru' }).waitFor();
  assert.deepEqual(await untranslated('id'), [], 'English strings on the Indonesian search page');
  await page.goto(`${base}/kontrak/${ROAD_CONTRACT}`);
  await page.locator('.timeline__item').first().waitFor();
  assert.deepEqual(await untranslated('id'), [], 'English strings on the Indonesian contract page');
});

test('the tender page: schedule, opened bids, opening shares, evaluation and award', async () => {
  await page.goto(`${base}/tender/${ROAD_TENDER}`);
  await switchTo('id');
  await page.locator('.timeline__item').first().waitFor();
  await page.locator('.committee .who__role').first().waitFor();
  const text = await page.locator('main').innerText();
  assert.match(text, /HPS \(harga perkiraan sendiri\)\s*Rp\u00a08\.600\.000\.000/);
  assert.match(text, /4 dari 5 anggota panitia telah menyerahkan kuncinya; 4 diperlukan untuk membuka/);
  assert.match(text, /PT Jalan Mulus Konstruksi[\s\S]*Rp\u00a08\.170\.000\.000/);
  assert.match(text, /Pemenang: PT Jalan Mulus Konstruksi/);
  await axe('tender page');
});

test('a visitor checks a document by dropping a file: anchored, and not found', async () => {
  const sha = (await import('node:crypto')).createHash('sha256').update(ANCHORED_FILE).digest('hex');
  const v: J = await api(`/api/v1/documents/verify/${sha}`);
  assert.equal(v.anchored, true, 'the scenario anchored the amendment document');
  await page.goto(`${base}/verifikasi`);
  await switchTo('id');
  await page.getByRole('heading', { level: 1, name: 'Periksa dokumen' }).waitFor();
  await axe('verify page');
  await page.getByTestId('verify-file').setInputFiles({ name: 'adendum-1.pdf', mimeType: 'application/pdf', buffer: ANCHORED_FILE });
  const yes = page.getByTestId('verdict-anchored');
  await yes.locator('.who__role').waitFor();
  const said = await yes.innerText();
  assert.match(said, /Dokumen ini tercatat di buku besar\./);
  assert.match(said, new RegExp(`Tercatat pada blok ${v.anchors[0].height}, \\d+ \\w+ \\d{4} \\d{2}\\.\\d{2} WIB, oleh PPK · Pemerintah Kota Bandung`));
  assert.match(said, new RegExp(`Dokumen pendukung untuk kontrak ${ROAD_CONTRACT}`));
  assert.match(await page.getByTestId('verify-result').innerText(), new RegExp(`adendum-1\\.pdf[\\s\\S]*${sha}`), 'the file name and the hash computed in the browser');
  await axe('verify page (anchored)');
  await shot('07-verify-anchored');

  await page.getByTestId('verify-file').setInputFiles({ name: 'salinan-lain.pdf', mimeType: 'application/pdf', buffer: randomBytes(4096) });
  const no = page.getByTestId('verdict-not-found');
  await no.waitFor();
  assert.match(await no.innerText(), /Tidak ditemukan/);
  await axe('verify page (not found)');
  await shot('08-verify-not-found');
  // Its link leads to the contract it belongs to.
  await page.goBack();
  await page.getByTestId('verdict-anchored').getByRole('link').click();
  await page.waitForURL(new RegExp(`/kontrak/${ROAD_CONTRACT}$`));
});

test('the network page: this node, its height, each validator with its institution, the institutions', async () => {
  const s: J = await api('/api/v1/status');
  await page.goto(`${base}/jaringan`);
  await switchTo('id');
  const status = page.getByTestId('node-status');
  await status.waitFor();
  const text = await status.innerText();
  assert.match(text, /Sehat/);
  assert.match(text, new RegExp(s.chainId));
  const shown = Number(/Tinggi blok\s+([\d.]+)/.exec(text)![1]!.replace(/\./g, ''));
  assert.ok(shown >= s.nodeHeight, `height ${shown} ≥ ${s.nodeHeight}`);
  assert.match(await page.locator('main').innerText(), /Lembaga Kebijakan Pengadaan[\s\S]*Pemerintah Kota Bandung[\s\S]*Inspektorat Kota Bandung/);
  // One row per validator, named by the institution that runs it, as the API says.
  const v: J = await api('/api/v1/network/validators');
  const rows = page.getByTestId('validators').locator('tbody tr');
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=validators] tbody tr').length === n, v.validators.length);
  assert.equal(v.validators.length, 4);
  for (const x of v.validators) assert.ok(x.orgName, `validator ${x.address} is claimed by an institution`);
  const shownRows = await rows.allInnerTexts();
  for (const x of v.validators) assert.ok(shownRows.some((r) => r.includes(x.orgName) && /Menandatangani|Melewatkan/.test(r)), `${x.orgName} shown signing: ${shownRows.join(' | ')}`);
  await axe('network page');
  await shot('09-network');
});

test('errors come in the reader\u2019s language and say what to do next', async () => {
  await page.goto(`${base}/kontrak/tidak-ada-kontrak-ini`);
  await switchTo('id');
  const alert = page.getByRole('alert');
  await alert.waitFor();
  assert.match(await alert.innerText(), /data tidak ditemukan[\s\S]*Periksa alamatnya/);
  await axe('not-found contract');
  await shot('10-contract-not-found');
  await switchTo('en');
  await page.getByRole('alert').getByText('not found', { exact: true }).waitFor();
  await switchTo('id');
});

test('on a phone the contract page fits the screen', async () => {
  const phone = await personContext(browser, { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  try {
    const p = await phone.newPage();
    await p.goto(`${base}/kontrak/${ROAD_CONTRACT}`);
    await p.locator('.timeline__item').first().waitFor();
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 1, `no sideways scrolling: ${overflow}px too wide`);
    const r = await new AxeBuilder({ page: p }).analyze();
    assert.deepEqual(r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id), [], 'axe on the phone');
    await p.screenshot({ path: path.join(SHOTS, '11-contract-phone.png'), fullPage: true });
  } finally {
    await phone.close();
  }
});

test('time to interactive of the public contract page and the initial JavaScript, to bench/results/web.json', async (t) => {
  // Cold loads (a new browser context: empty cache), navigation start → the value and the
  // timeline on screen; the median of five.
  const runs: number[] = [];
  const load = os.loadavg()[0]!;
  for (let i = 0; i < 5; i++) {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const p = await ctx.newPage();
      await p.goto(`${base}/kontrak/${ROAD_CONTRACT}`, { waitUntil: 'commit' });
      await p.waitForFunction(() => document.querySelector('.key-figures .figure')?.textContent?.startsWith('Rp') && document.querySelectorAll('.timeline__item').length > 0, undefined, { polling: 'raf' });
      runs.push(await p.evaluate(() => performance.now()));
    } finally {
      await ctx.close();
    }
  }
  runs.sort((a, b) => a - b);
  const tti = Math.round(runs[2]!);
  // The JavaScript index.html loads before anything else: its entry script and what it preloads.
  const html = fs.readFileSync(path.join(WEB_DIST, 'index.html'), 'utf8');
  const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);
  assert.ok(initial.length > 0);
  // Gzip as the build does (level 9); the build leaves files under 1 KB uncompressed, so compress here rather than read its .gz files.
  const gzBytes = initial.reduce((n, f) => n + gzipSync(fs.readFileSync(path.join(WEB_DIST, f)), { level: 9 }).length, 0);
  const bundleKb = Math.round((gzBytes / 1024) * 10) / 10;
  console.log(`# contract page interactive in ${tti} ms (cold loads: ${runs.map(Math.round).join(', ')} ms; load average ${load.toFixed(1)} on ${os.cpus().length} cores); initial JS ${bundleKb} KB gzip (${initial.join(', ')})`);
  fs.mkdirSync(path.dirname(RESULTS), { recursive: true });
  fs.writeFileSync(RESULTS, JSON.stringify({ public_contract_page_ms: tti, bundle_kb_gzip: bundleKb }, null, 2) + '\n');
  assert.ok(bundleKb < 300, `initial JavaScript ${bundleKb} KB gzip, target < 300`);
  // The network under the test keeps 8 processes busy; when other work crowds the machine far
  // beyond that, the time says more about the machine than the page: written, not judged.
  if (load > os.cpus().length * 3) t.diagnostic(`machine overloaded (load ${load.toFixed(1)}): ${tti} ms recorded, target not checked`);
  else assert.ok(tti < 1500, `contract page interactive in ${tti} ms, target < 1500`);
});
