/**
 * The supplier's steps as a person does them in the browser, for the end-to-end tests: each takes
 * a playwright Page already logged in as a supplier's signatory (`loginAsDemo` in ./session.ts),
 * opens the supplier workspace (/kerja/penyedia…), fills the form, signs, and waits for
 * "Tercatat di blok N". Labels are read from the Indonesian catalogue, the app's first language.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { lastRecorded, open, recordedIn } from './ledger-wait.js';

const id = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '../../src/i18n/id.json'), 'utf8')) as { supplierWork: Record<string, string> };
const L = id.supplierWork;

export interface FileInput {
  name: string;
  mimeType: string;
  buffer: Buffer;
}

const tenderPage = (tenderId: string) => `/kerja/penyedia/tender/${encodeURIComponent(tenderId)}`;
const contractPage = (contractId: string) => `/kerja/penyedia/kontrak/${encodeURIComponent(contractId)}`;

async function openTender(page: Page, tenderId: string): Promise<void> {
  await open(page, tenderPage(tenderId));
  await page.getByTestId('supplier-tender').waitFor({ timeout: 30_000 });
}

/** Registers the supplier for a tender; returns the block. */
export async function registerForTender(page: Page, tenderId: string): Promise<number> {
  await openTender(page, tenderId);
  await page.getByRole('button', { name: L.registerButton!, exact: true }).click();
  const height = await recordedIn(page);
  await page.getByTestId('registration-state').getByText(L.registered!).waitFor();
  return height;
}

/** Asks a clarification question (the supplier must be registered); returns the block. */
export async function askClarification(page: Page, tenderId: string, question: string): Promise<number> {
  await openTender(page, tenderId);
  await page.getByLabel(L.askLabel!, { exact: true }).fill(question);
  await page.getByRole('button', { name: L.askButton!, exact: true }).click();
  return recordedIn(page);
}

export interface BidInput {
  /** Whole rupiah, digits only. */
  price: string;
  tkdnPercent?: number;
  validityDays?: number;
  /** The technical proposal: only its SHA-256 (computed in the browser) is sealed. */
  technical: FileInput;
}

/**
 * Submits a bid sealed in the browser (the supplier must be registered): fills the form, checks
 * the review, seals, signs, and waits for the block. Returns the block and the commitment shown on
 * the receipt (hex).
 */
export async function submitSealedBid(page: Page, tenderId: string, bid: BidInput): Promise<{ height: number; commitment: string }> {
  await openTender(page, tenderId);
  await page.getByLabel(L.price!, { exact: true }).fill(bid.price);
  await page.getByLabel(L.tkdn!, { exact: true }).fill(String(bid.tkdnPercent ?? 0));
  await page.getByLabel(L.validity!, { exact: true }).fill(String(bid.validityDays ?? 90));
  await page.getByLabel(L.technical!, { exact: true }).setInputFiles(bid.technical);
  await page.locator('.bid-form code.hash').first().waitFor();
  await page.getByRole('button', { name: L.checkBid!, exact: true }).click();
  await page.getByTestId('bid-review').waitFor();
  await page.getByRole('button', { name: L.sealAndSend!, exact: true }).click();
  const receipt = page.getByTestId('bid-receipt');
  await receipt.waitFor({ timeout: 90_000 }).catch(async () => {
    throw new Error(`no bid receipt: ${(await page.locator('.tx-progress, .field-error').allInnerTexts()).join(' | ')}`);
  });
  const height = await recordedIn(receipt);
  const commitment = (await receipt.locator('code.hash').last().innerText()).trim();
  return { height, commitment };
}

/** Files a sanggah against the award (the supplier bid and did not win); returns the block. */
export async function fileObjection(page: Page, tenderId: string, text: string, evidence: FileInput[] = []): Promise<number> {
  await openTender(page, tenderId);
  await page.getByLabel(L.objectionText!, { exact: true }).fill(text);
  if (evidence.length) await page.getByLabel(L.evidence!, { exact: true }).setInputFiles(evidence);
  if (evidence.length) await page.locator('.objection-form code.hash').nth(evidence.length - 1).waitFor();
  await page.getByRole('button', { name: L.fileObjectionButton!, exact: true }).click();
  return recordedIn(page.locator('.objection-form'));
}

/** Appeals the supplier's rejected sanggah `objectionNo` (sanggah banding, works only) with an appeal bond's number; returns the block. */
export async function fileAppeal(page: Page, tenderId: string, objectionNo: number, text: string, bondReference: string): Promise<number> {
  await openTender(page, tenderId);
  const form = page.locator('.appeal-form').filter({ hasText: L.fileAppeal!.replace('{{no}}', String(objectionNo)) });
  await form.getByLabel(L.appealText!, { exact: true }).fill(text);
  await form.getByLabel(L.appealBond!, { exact: true }).fill(bondReference);
  await form.getByRole('button', { name: L.fileAppealButton!, exact: true }).click();
  return recordedIn(form);
}

async function openContract(page: Page, contractId: string): Promise<void> {
  await open(page, contractPage(contractId));
  await page.getByTestId('supplier-contract').waitFor({ timeout: 30_000 });
}

/** Signs the contract for the supplier, with the bond and advance guarantee references its terms require; returns the block. */
export async function signContract(page: Page, contractId: string, refs: { bondReference?: string; advanceGuaranteeReference?: string } = {}): Promise<number> {
  await openContract(page, contractId);
  const bond = page.getByLabel(L.bondReference!, { exact: true });
  if (await bond.count()) await bond.fill(refs.bondReference ?? `JAMLAK/${contractId.toUpperCase()}`);
  const adv = page.getByLabel(L.advanceReference!, { exact: true });
  if (await adv.count()) await adv.fill(refs.advanceGuaranteeReference ?? `JUM/${contractId.toUpperCase()}`);
  await page.getByRole('button', { name: L.signButton!, exact: true }).click();
  return recordedIn(page);
}

/** Approves an amendment the PPK proposed; returns the block. */
export async function approveAmendment(page: Page, contractId: string, amendmentId: string): Promise<number> {
  await openContract(page, contractId);
  await page.locator('li.amendment', { hasText: amendmentId }).getByRole('button', { name: L.approveAmendment!, exact: true }).click();
  return recordedIn(page);
}

/**
 * Reports progress on a termin with a document (uploaded with its progress bar; its hash anchored
 * in the report). By default reports it complete (100 %), which claims it for verification.
 * Returns the block and the document's SHA-256 as the gateway stored it.
 */
export async function reportProgress(page: Page, contractId: string, milestoneId: string, file: FileInput, opts: { percent?: number; complete?: boolean; note?: string } = {}): Promise<{ height: number; sha256: string }> {
  await openContract(page, contractId);
  const m = page.getByTestId(`milestone-${milestoneId}`);
  const complete = opts.complete ?? true;
  await m.getByLabel(L.percentDone!, { exact: true }).fill(String(opts.percent ?? 100));
  await m.getByLabel(L.documents!, { exact: true }).setInputFiles(file);
  const hash = m.locator('.uploads code.hash').first();
  await hash.waitFor({ timeout: 60_000 });
  const sha256 = (await hash.innerText()).trim();
  await m.getByLabel(L.note!, { exact: true }).fill(opts.note ?? `Pekerjaan ${milestoneId} ${complete ? 'selesai' : 'berjalan'} sesuai rencana`);
  if (complete) await m.getByLabel(L.completeLabel!, { exact: true }).check();
  const before = await lastRecorded(page);
  await m.getByRole('button', { name: complete ? L.claimButton! : L.reportButton!, exact: true }).click();
  const height = await recordedIn(page, before);
  return { height, sha256 };
}
