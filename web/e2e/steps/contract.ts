/**
 * The contract side driven as its people drive it, in the browser (web/src/features/contract-work):
 * the PA's package, the PPK's contract (draft, signature, amendment, handover, termination), a
 * verifier's approval of a milestone, the treasury's SP2D. Each step takes a page already logged
 * in as the right person (`loginAsDemo` in ./session.ts), opens the page, fills the form, signs
 * and waits until the page shows "Tercatat di blok N"; it returns N, or throws with the refusal
 * the page shows (in the page's language).
 */
import { randomBytes } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';

/** A small PDF (the gateway's document store accepts PDF, PNG and JPEG by their first bytes). */
export function pdf(name: string): { name: string; mimeType: string; buffer: Buffer } {
  return { name, mimeType: 'application/pdf', buffer: Buffer.concat([Buffer.from(`%PDF-1.7\n% ${name}\n`), randomBytes(64)]) };
}

/** Opens `path` on the page's own origin. */
async function open(page: Page, path: string): Promise<void> {
  await page.goto(new URL(path, page.url()).toString());
}

/**
 * Clicks the sign button of message `type` (inside `scope`) and waits for the page's record of it
 * ("Tercatat di blok N" in the page's list of what it recorded). Returns N; throws with the
 * ledger's refusal or the failure the page shows.
 */
export async function signAndWait(page: Page, type: string, scope: Page | Locator = page, timeoutMs = 90_000): Promise<number> {
  const feed = page.locator(`.cw-feed [data-tx-type="${type}"]`);
  const before = await feed.count();
  const button = scope.locator(`button[data-sign="${type}"]`).first();
  await button.waitFor({ timeout: 30_000 });
  const deadline = Date.now() + 30_000;
  while (await button.isDisabled()) {
    if (Date.now() > deadline) {
      const why = await scope.locator(`[data-sign-for="${type}"]`).first().innerText();
      throw new Error(`the ${type} button stays disabled: ${why.replace(/\s+/g, ' ')}`);
    }
    await page.waitForTimeout(100);
  }
  await button.click();
  const end = Date.now() + timeoutMs;
  for (;;) {
    if ((await feed.count()) > before) return Number(await feed.nth(before).getAttribute('data-height'));
    const alert = scope.locator(`[data-sign-for="${type}"] .tx-progress[role="alert"]`);
    if (await alert.count()) throw new Error(`${type} was not recorded: ${(await alert.first().innerText()).replace(/\s+/g, ' ')}`);
    if (Date.now() > end) throw new Error(`${type}: no "Tercatat di blok" within ${timeoutMs} ms`);
    await page.waitForTimeout(150);
  }
}

/** Chooses a file for a document field and waits until it is hashed and stored (its hash listed). */
export async function attach(scope: Page | Locator, field: string, file = pdf(`${field}.pdf`)): Promise<void> {
  const box = scope.locator(`[data-document="${field}"]`).first();
  const listed = await box.locator('.cw-document__list li').count();
  await box.locator('input[type=file]').setInputFiles(file);
  await box.locator('.cw-document__list li').nth(listed).waitFor({ timeout: 30_000 });
}

export interface PackageInput {
  packageId: string;
  title: string;
  workUnit: string;
  category: 'goods' | 'works' | 'consultancy' | 'other';
  method: string;
  budgetLine: string;
  paguRupiah: string;
  fiscalYear?: number;
  justification?: string;
}

/** The PA/KPA creates a RUP package at /kerja/pa (plan.create_package). */
export async function createPackage(page: Page, p: PackageInput): Promise<number> {
  await open(page, '/kerja/pa');
  const form = page.locator('form.cw-form');
  await form.locator('input[name="packageId"]').fill(p.packageId);
  await form.locator('input[name="title"]').fill(p.title);
  await form.locator('input[name="workUnit"]').fill(p.workUnit);
  if (p.fiscalYear) await form.locator('input[name="fiscalYear"]').fill(String(p.fiscalYear));
  await form.locator('select[name="category"]').selectOption(p.category);
  await form.locator('select[name="method"]').selectOption(p.method);
  await form.locator('input[name="budgetLine"]').fill(p.budgetLine);
  await form.locator('input[name="pagu"]').fill(p.paguRupiah);
  if (p.justification) await form.locator('textarea[name="justification"]').fill(p.justification);
  return signAndWait(page, 'plan.create_package', form);
}

/** The PA/KPA publishes a draft package (plan.publish_package). */
export async function publishPackage(page: Page, packageId: string): Promise<number> {
  await open(page, '/kerja/pa');
  const row = page.locator(`tr[data-package="${packageId}"]`);
  await row.locator('button:not([data-sign])').click();
  return signAndWait(page, 'plan.publish_package', row);
}

export interface MilestoneInput {
  id: string;
  title: string;
  /** Percent, e.g. "40" or "12,5". */
  share: string;
  dueDay: number;
  /** A supervision consultant's or auditor institution's organization id (an `org` slot). */
  consultantOrg?: string;
  /** An `apip` slot. */
  apip?: boolean;
}

export interface DraftInput {
  tenderId: string;
  contractId: string;
  type?: string;
  /** Percent. */
  vat?: string;
  advance?: string;
  durationDays: number;
  maintenanceDays: number;
  permanentWorks?: boolean;
  milestones: MilestoneInput[];
}

/** The PPK fills the draft form of a selection with an SPPBJ and signs `contract.draft`. */
export async function draftContract(page: Page, d: DraftInput): Promise<number> {
  await open(page, `/kerja/ppk/kontrak-baru/${encodeURIComponent(d.tenderId)}`);
  const form = page.locator('form.cw-form');
  await form.locator('input[name="contractId"]').fill(d.contractId);
  if (d.type) await form.locator('select[name="type"]').selectOption(d.type);
  if (d.vat !== undefined) await form.locator('input[name="vat"]').fill(d.vat);
  if (d.advance !== undefined) await form.locator('input[name="advance"]').fill(d.advance);
  await form.locator('input[name="duration"]').fill(String(d.durationDays));
  await form.locator('input[name="maintenance"]').fill(String(d.maintenanceDays));
  if (d.permanentWorks !== undefined) await form.locator('input[name="permanentWorks"]').setChecked(d.permanentWorks);
  for (let i = 0; i < d.milestones.length; i++) {
    if (i > 0) await form.locator('button[data-add-milestone]').click();
    const m = d.milestones[i]!;
    await form.locator(`input[name="milestone-${i}-id"]`).fill(m.id);
    await form.locator(`input[name="milestone-${i}-title"]`).fill(m.title);
    await form.locator(`input[name="milestone-${i}-share"]`).fill(m.share);
    await form.locator(`input[name="milestone-${i}-due"]`).fill(String(m.dueDay));
    await form.locator(`select[name="milestone-${i}-consultant"]`).selectOption(m.consultantOrg ?? '');
    await form.locator(`input[name="milestone-${i}-apip"]`).setChecked(!!m.apip);
  }
  await attach(form, 'contractDocument', pdf(`kontrak-${d.contractId}.pdf`));
  return signAndWait(page, 'contract.draft', form);
}

/** The contract's PPK signs it on its workspace page (`contract.sign`). */
export async function signContractAsPpk(page: Page, contractId: string): Promise<number> {
  await open(page, `/kerja/ppk/kontrak/${encodeURIComponent(contractId)}`);
  return signAndWait(page, 'contract.sign');
}

/** Drafts the contract and signs it as its PPK; the supplier's signatory signs on its own page. Returns the signature's block. */
export async function draftAndSignContract(page: Page, d: DraftInput): Promise<number> {
  await draftContract(page, d);
  return signContractAsPpk(page, d.contractId);
}

/** A verifier (PPK, consultant, APIP) approves a claimed milestone from their queue's page (`execution.verify_milestone`). */
export async function verifyMilestone(page: Page, contractId: string, milestoneId: string, note = 'Diperiksa di lapangan, sesuai spesifikasi'): Promise<number> {
  await open(page, `/kerja/verifikasi/${encodeURIComponent(contractId)}/${encodeURIComponent(milestoneId)}`);
  const form = page.locator('form.cw-form');
  await form.locator('input[name="decision"][value="approve"]').check();
  await form.locator('textarea[name="note"]').fill(note);
  return signAndWait(page, 'execution.verify_milestone', form);
}

/** A verifier rejects a claimed milestone with a reason. */
export async function rejectMilestone(page: Page, contractId: string, milestoneId: string, reason: string): Promise<number> {
  await open(page, `/kerja/verifikasi/${encodeURIComponent(contractId)}/${encodeURIComponent(milestoneId)}`);
  const form = page.locator('form.cw-form');
  await form.locator('input[name="decision"][value="reject"]').check();
  await form.locator('textarea[name="note"]').fill(reason);
  return signAndWait(page, 'execution.verify_milestone', form);
}

/** The treasury records an SP2D against a payment order (`execution.record_payment`); the amount defaults to what is still due. */
export async function recordPayment(page: Page, contractId: string, orderNo: number, sp2d: string, amountRupiah?: string): Promise<number> {
  await open(page, `/kerja/bendahara/${encodeURIComponent(contractId)}/${orderNo}`);
  const form = page.locator('form.cw-form');
  await form.locator('input[name="sp2d"]').fill(sp2d);
  if (amountRupiah !== undefined) await form.locator('input[name="amount"]').fill(amountRupiah);
  return signAndWait(page, 'execution.record_payment', form);
}

export interface AmendmentInput {
  amendmentId: string;
  /** Signed whole rupiah, e.g. "490200000" or "-10000000". */
  valueChangeRupiah: string;
  extraDays: number;
  reason: string;
}

/** The contract's PPK proposes an amendment (`contract.propose_amendment`); the supplier approves it on its own page. */
export async function proposeAmendment(page: Page, contractId: string, a: AmendmentInput): Promise<number> {
  await open(page, `/kerja/ppk/kontrak/${encodeURIComponent(contractId)}`);
  const form = page.locator('form.cw-form').filter({ has: page.locator('input[name="amendmentId"]') });
  await form.locator('input[name="amendmentId"]').fill(a.amendmentId);
  await form.locator('input[name="valueChange"]').fill(a.valueChangeRupiah);
  await form.locator('input[name="extraDays"]').fill(String(a.extraDays));
  await form.locator('textarea[name="reason"]').fill(a.reason);
  await attach(form, 'amendmentDocuments', pdf(`adendum-${a.amendmentId}.pdf`));
  return signAndWait(page, 'contract.propose_amendment', form);
}

/**
 * The contract's PPK records a handover with its BAST: `pho` (or `bast` without a maintenance
 * period) after the supplier's request (`contract.accept_handover`), `fho` after the maintenance
 * period (`contract.final_handover`).
 */
export async function handover(page: Page, contractId: string, stage: 'pho' | 'bast' | 'fho'): Promise<number> {
  await open(page, `/kerja/ppk/kontrak/${encodeURIComponent(contractId)}`);
  await attach(page, 'bast', pdf(`${stage}-${contractId}.pdf`));
  return signAndWait(page, stage === 'fho' ? 'contract.final_handover' : 'contract.accept_handover');
}

/** The contract's PPK terminates it for the supplier's fault, with a reason and one evidence document (`contract.terminate`). */
export async function terminateContract(page: Page, contractId: string, reason: string): Promise<number> {
  await open(page, `/kerja/ppk/kontrak/${encodeURIComponent(contractId)}`);
  const panel = page.locator('details.cw-danger');
  await panel.locator('summary').click();
  await panel.locator('textarea[name="terminateReason"]').fill(reason);
  await attach(panel, 'evidence', pdf(`bukti-putus-${contractId}.pdf`));
  await panel.locator('input[type=checkbox]').last().check();
  return signAndWait(page, 'contract.terminate', panel);
}
