/**
 * People's accounts end to end, in Chromium (playwright-core) on a real 4-validator network whose
 * gateway runs in demo mode (web/e2e/world.ts `demo: true`):
 *
 * - a new person enrols in one browser: the key is made there (non-extractable WebCrypto, kept in
 *   IndexedDB) and signs the request; the city's org admin, logged in through the demo switcher in
 *   another browser, approves it by signing identity.add_member; the new person sees it approved
 *   and logs in with the key made in their browser;
 * - the admin changes the new person's roles (identity.set_roles) and the person's workspace
 *   shows them;
 * - the person replaces their key (identity.rotate_key signed by the old one) and logs in again
 *   with the new one; the ledger holds both in the key history;
 * - a refused transaction (the last admin suspending themselves) shows the ledger's reason in
 *   Bahasa Indonesia and changes nothing;
 * - a lost browser profile: a fresh browser enrols for a replacement key, the admin signs
 *   identity.rotate_key to it, the fresh browser logs in and the old one no longer can;
 * - a rejected enrolment shows its reason to the requester;
 * - axe-core finds no serious or critical violation on /masuk, /daftar, /admin and /kerja;
 *   screenshots go to web/e2e/screenshots/.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { queryJson } from '../../cli/client.js';
import { buildWebIfStale } from '../scripts/build-web.js';
import { startWorld, type World } from './world.js';
import { loginAsDemo, loginWithOwnKey, logout, open } from './steps/session.js';
import { axe, launchChromium, personContext, shot, SHOTS } from './browser.js';

const RUN = randomBytes(2).toString('hex');
/** The world's gateway is node 1's: Pemerintah Kota Bandung enrols there. */
const ORG = 'pemkot-bandung';
const ADMIN = 'pemkot-bandung-admin';
const NEWCOMER = `bdg-ppk-drainase-${RUN}`;
const NEWCOMER_NAME = 'Rina Kartika, S.T. (PPK Drainase)';

let world: World | undefined;
let base: string;
let rpc: string;
let browser: Browser;
const contexts: BrowserContext[] = [];
const started = Date.now();

async function newPage(viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await personContext(browser, { baseURL: base, viewport });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log(`# page error: ${e.message}`));
  return page;
}

/** No serious or critical accessibility violation on the page as it stands. */


async function ledgerMember(id: string): Promise<{ roles: string[]; status: string; pubKey: string; keys: Array<{ pubKey: string; toHeight: number | null }> }> {
  return queryJson(rpc, `/identity/member/${id}`);
}

/** Fills and sends the enrolment form on /daftar; returns the request card. */
async function enrolHere(page: Page, r: { memberId: string; name: string; roles: string[]; kind?: 'new' | 'replace_key' }) {
  await open(page, '/daftar');
  if (r.kind === 'replace_key') await page.getByLabel('Penggantian kunci yang hilang').check();
  await page.getByLabel('Instansi', { exact: true }).selectOption(ORG);
  await page.getByLabel('ID anggota yang diusulkan').fill(r.memberId);
  await page.getByLabel('Nama dan jabatan').fill(r.name);
  for (const role of r.roles) await page.getByRole('group', { name: 'Peran yang Anda perlukan' }).getByLabel(role, { exact: true }).check();
  await page.getByRole('button', { name: 'Buat kunci dan kirim permintaan' }).click();
  const card = page.locator(`[data-enrolment]`).filter({ hasText: r.memberId }).first();
  await card.waitFor({ timeout: 30_000 });
  return card;
}

before(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  await buildWebIfStale();
  // While working on the app: PRASASTI_WEB_E2E_URL and PRASASTI_WEB_E2E_RPC name a demo world
  // already running (a script calling startWorld({ demo: true })).
  if (process.env.PRASASTI_WEB_E2E_URL && process.env.PRASASTI_WEB_E2E_RPC) {
    base = process.env.PRASASTI_WEB_E2E_URL;
    rpc = process.env.PRASASTI_WEB_E2E_RPC;
  } else {
    world = await startWorld({ demo: true, log: (m) => console.log(`# ${m}`) });
    base = world.url;
    rpc = world.tn.net.rpcUrl(1);
  }
  browser = await launchChromium();
  console.log(`# world ready in ${((Date.now() - started) / 1000).toFixed(1)} s at ${base}`);
});

/** On a failure, what every open page showed (web/e2e/screenshots/failed-accounts-*.png). */
async function shootAll(): Promise<void> {
  let i = 0;
  for (const c of contexts) for (const p of c.pages()) await p.screenshot({ path: path.join(SHOTS, `failed-accounts-${++i}.png`), fullPage: true }).catch(() => undefined);
}

async function withShots(body: () => Promise<void>): Promise<void> {
  try {
    await body();
  } catch (e) {
    await shootAll();
    throw e;
  }
}

after(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await world?.close();
  console.log(`# accounts e2e took ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

test('enrol in one browser, approved by the org admin in another, log in with the browser-made key; roles changed; key rotated; a refusal explained', () =>
  withShots(async () => {
    // ---- the newcomer enrols: their key is made in their browser
    const person = await newPage();
    await open(person, '/masuk');
    await person.getByRole('heading', { name: 'Masuk sebagai orang demo' }).waitFor();
    await axe(person, '/masuk');
    await shot(person, 'a01-masuk');
    const card = await enrolHere(person, { memberId: NEWCOMER, name: NEWCOMER_NAME, roles: ['PPK'] });
    await card.getByText('Menunggu persetujuan admin Pemerintah Kota Bandung.').waitFor();
    const stored = await person.evaluate(async (id) => {
      const db = await new Promise<IDBDatabase>((res, rej) => {
        const r = indexedDB.open('prasasti-keys');
        r.onsuccess = () => res(r.result);
        r.onerror = () => rej(r.error);
      });
      const rec = await new Promise<{ privateKey: CryptoKey; memberId: string } | undefined>((res) => {
        const all = db.transaction('keys').objectStore('keys').getAll();
        all.onsuccess = () => res((all.result as Array<{ privateKey: CryptoKey; memberId: string }>).find((k) => k.memberId === id));
      });
      let exported = false;
      try {
        await crypto.subtle.exportKey('pkcs8', rec!.privateKey);
        exported = true;
      } catch {
        // what we want: the private key cannot leave the browser
      }
      return { found: !!rec, type: rec?.privateKey.type, extractable: rec?.privateKey.extractable, exported };
    }, NEWCOMER);
    assert.deepEqual(stored, { found: true, type: 'private', extractable: false, exported: false }, 'the key is in IndexedDB and cannot be exported');
    await axe(person, '/daftar');
    await shot(person, 'a02-daftar-menunggu');
    // Not on the ledger yet: the name stays off it until approval.
    await assert.rejects(ledgerMember(NEWCOMER));

    // ---- the city's org admin approves in another browser, signing identity.add_member
    const admin = await newPage();
    await loginAsDemo(admin, ADMIN);
    await open(admin, '/admin');
    const request = admin.locator(`article[data-enrolment]`).filter({ hasText: NEWCOMER });
    await request.waitFor({ timeout: 30_000 });
    await axe(admin, '/admin');
    await shot(admin, 'a03-admin-permintaan');
    await request.getByRole('button', { name: `Setujui dan tandatangani (${NEWCOMER_NAME})` }).click();
    await admin.getByRole('region', { name: 'Permintaan pendaftaran' }).getByText(/Tercatat di blok \d+/).waitFor({ timeout: 60_000 });
    assert.deepEqual((await ledgerMember(NEWCOMER)).roles, ['ppk']);
    await admin.locator(`li[data-enrolment][data-status="approved"]`).filter({ hasText: NEWCOMER }).waitFor({ timeout: 30_000 });

    // ---- the newcomer sees it approved and logs in with the key made in their browser
    await card.getByText('Disetujui: Anda tercatat di buku besar.').waitFor({ timeout: 30_000 });
    await shot(person, 'a04-daftar-disetujui');
    await card.getByRole('link', { name: 'Masuk sekarang' }).click();
    await person.waitForURL(/\/masuk\?member=/);
    assert.equal(await person.locator('#login-member').inputValue(), NEWCOMER);
    await loginWithOwnKey(person, NEWCOMER);
    await person.getByRole('heading', { name: 'Ruang kerja' }).waitFor();
    await person.locator('.account__who').getByText(NEWCOMER_NAME).waitFor();
    await axe(person, '/kerja');
    await shot(person, 'a05-kerja');

    // ---- the admin changes their roles; the person's workspace shows them
    const row = admin.locator(`li[data-member="${NEWCOMER}"]`);
    await admin.reload();
    await row.waitFor({ timeout: 30_000 });
    await row.getByText(`Kelola ${NEWCOMER_NAME}`).click();
    await row.getByLabel('Pokja', { exact: true }).check();
    await row.getByRole('button', { name: 'Simpan peran' }).click();
    await row.getByText(/Tercatat di blok \d+/).waitFor({ timeout: 60_000 });
    assert.deepEqual((await ledgerMember(NEWCOMER)).roles.sort(), ['pokja', 'ppk']);
    await person.reload();
    await person.locator('.account__org').getByText(/Pokja, PPK|PPK, Pokja/).waitFor({ timeout: 30_000 });

    // ---- the person replaces their key, signed with the old one, and logs in with the new one
    const before = await ledgerMember(NEWCOMER);
    await person.getByRole('button', { name: 'Ganti kunci saya' }).click();
    await person.getByRole('button', { name: 'Ya, buat kunci baru' }).click();
    await person.getByText(/Tercatat di blok \d+/).waitFor({ timeout: 60_000 });
    await person.getByText('Kunci baru Anda berlaku sekarang.').waitFor();
    const afterRotation = await ledgerMember(NEWCOMER);
    assert.notEqual(afterRotation.pubKey, before.pubKey, 'a new key on the ledger');
    assert.deepEqual(afterRotation.keys.map((k) => k.toHeight === null), [false, true], 'the old key closed, the new one open');
    await shot(person, 'a06-kunci-diganti');
    await logout(person);
    await loginWithOwnKey(person, NEWCOMER);
    await person.getByRole('heading', { name: 'Ruang kerja' }).waitFor();

    // ---- a refused transaction: the last admin may not suspend themselves; the reason in Bahasa Indonesia
    const self = admin.locator(`li[data-member="${ADMIN}"]`);
    await self.getByText(/^Kelola /).click();
    await self.getByLabel('Alasan penangguhan').fill('Uji penolakan');
    await self.getByRole('button', { name: 'Tangguhkan' }).click();
    const refusal = self.getByRole('alert');
    await refusal.getByText('Buku besar menolak transaksi ini').waitFor({ timeout: 60_000 });
    await refusal.getByText('instansi harus tetap memiliki paling sedikit satu admin aktif').waitFor();
    await refusal.getByText('Tidak ada yang berubah di buku besar.').waitFor();
    await shot(admin, 'a07-admin-ditolak');
    assert.equal((await ledgerMember(ADMIN)).status, 'active', 'nothing changed');

    // ---- a lost browser profile: a fresh browser asks for a replacement key, the admin signs identity.rotate_key to it
    const fresh = await newPage();
    const replacement = await enrolHere(fresh, { memberId: NEWCOMER, name: NEWCOMER_NAME, roles: [], kind: 'replace_key' });
    await open(admin, '/admin');
    const lost = admin.locator(`article[data-enrolment]`).filter({ hasText: NEWCOMER });
    await lost.getByText('Meminta penggantian kunci yang hilang.').waitFor({ timeout: 30_000 });
    await lost.getByRole('button', { name: `Setujui dan tandatangani (${NEWCOMER_NAME})` }).click();
    await admin.getByRole('region', { name: 'Permintaan pendaftaran' }).getByText(/Tercatat di blok \d+/).waitFor({ timeout: 60_000 });
    const afterLoss = await ledgerMember(NEWCOMER);
    assert.equal(afterLoss.keys.length, 3, 'three keys in the history');
    assert.notEqual(afterLoss.pubKey, afterRotation.pubKey);
    await replacement.getByText('Disetujui: Anda tercatat di buku besar.').waitFor({ timeout: 30_000 });
    await loginWithOwnKey(fresh, NEWCOMER);
    await fresh.getByRole('heading', { name: 'Ruang kerja' }).waitFor();
    // The old browser's key was rotated out: it can no longer log in.
    await logout(person);
    await person.locator('#login-member').fill(NEWCOMER);
    await person.getByRole('button', { name: 'Masuk', exact: true }).click();
    await person.getByRole('alert').getByText('tanda tangan masuk tidak valid atau tantangan kedaluwarsa').waitFor({ timeout: 30_000 });
    await shot(person, 'a10-kunci-lama-ditolak');
  }));

test('a rejected enrolment shows its reason to the requester; at phone width the pages still work', () =>
  withShots(async () => {
    const person = await newPage({ width: 390, height: 844 });
    const id = `bdg-pokja-tamu-${RUN}`;
    const card = await enrolHere(person, { memberId: id, name: 'Tamu Pokja', roles: ['Pokja'] });
    const admin = await newPage({ width: 390, height: 844 });
    await loginAsDemo(admin, ADMIN);
    await open(admin, '/admin');
    const request = admin.locator(`article[data-enrolment]`).filter({ hasText: id });
    await request.getByRole('button', { name: 'Tolak', exact: true }).click();
    await request.getByLabel('Alasan penolakan (dilihat pemohon)').fill('Tidak tercantum dalam SK Pokja 2026');
    await request.getByRole('button', { name: 'Kirim penolakan' }).click();
    await admin.locator(`li[data-enrolment][data-status="rejected"]`).filter({ hasText: id }).waitFor({ timeout: 30_000 });
    await shot(admin, 'a08-admin-ponsel');
    await card.getByText('Alasan: Tidak tercantum dalam SK Pokja 2026').waitFor({ timeout: 30_000 });
    await axe(person, '/daftar (phone)');
    await shot(person, 'a09-daftar-ditolak-ponsel');
    await assert.rejects(ledgerMember(id), 'never on the ledger');
    // No page scrolls sideways at phone width.
    for (const [p, where] of [[person, '/masuk'], [admin, '/admin']] as const) {
      await open(p, where);
      await p.locator('main h1').first().waitFor();
      assert.ok(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), `${where} fits 390 px`);
    }
  }));
