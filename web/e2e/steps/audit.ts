/**
 * The complaint's steps as people do them in the browser, for the end-to-end tests: a person of the
 * public files a complaint at /pengaduan (no login: the browser makes a one-off key and signs with
 * it), and an APIP auditor — a Page already logged in (`loginAsDemo` in ./session.ts) — triages
 * and answers it in the auditor workspace (/kerja/audit). Each waits for "Tercatat di blok N".
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { lastRecorded, open, recordedIn } from './ledger-wait.js';
import type { FileInput } from './supplier.js';

const catalogue = JSON.parse(fs.readFileSync(path.join(import.meta.dirname, '../../src/i18n/id.json'), 'utf8')) as { complaint: Record<string, string>; audit: Record<string, string> };
const C = catalogue.complaint;
const A = catalogue.audit;

export interface ComplaintInput {
  subject: { kind: 'contract' | 'tender' | 'package'; id: string };
  text: string;
  evidence?: FileInput[];
}

/**
 * Opens the complaint form on `baseUrl` with the subject chosen, fills the text and evidence, and
 * goes to the review step (what will be signed, with the personal-data warning).
 */
export async function fillComplaint(page: Page, baseUrl: string, c: ComplaintInput): Promise<void> {
  await page.goto(`${baseUrl}/pengaduan?tentang=${c.subject.kind}:${encodeURIComponent(c.subject.id)}`);
  await page.getByRole('status').filter({ hasText: C.chosen! }).filter({ hasText: c.subject.id }).waitFor({ timeout: 30_000 });
  await page.getByLabel(C.textLabel!, { exact: true }).fill(c.text);
  if (c.evidence?.length) {
    await page.getByLabel(C.evidenceLabel!, { exact: true }).setInputFiles(c.evidence);
    await page.locator('.evidence-list li').nth(c.evidence.length - 1).waitFor();
  }
  await page.getByRole('button', { name: C.review!, exact: true }).click();
}

/** Signs and sends the complaint under review; returns its id and block, or the ledger's refusal as the page shows it. */
export async function sendComplaint(page: Page): Promise<{ complaintId: string; height: number } | { refused: string }> {
  const before = await lastRecorded(page);
  await page.getByRole('button', { name: C.send!, exact: true }).click();
  try {
    const height = await recordedIn(page, before);
    return { complaintId: (await page.getByTestId('complaint-id').innerText()).trim(), height };
  } catch (e) {
    const alert = (await page.locator('.tx-progress[role="alert"]').allInnerTexts()).join(' ').replace(/\s+/g, ' ').trim();
    if (alert) return { refused: alert };
    throw e;
  }
}

/** A person of the public files a complaint from a fresh page (no login) on `baseUrl`; returns its id and block. */
export async function fileComplaintAsPublic(page: Page, baseUrl: string, c: ComplaintInput): Promise<{ complaintId: string; height: number }> {
  await fillComplaint(page, baseUrl, c);
  const r = await sendComplaint(page);
  if ('refused' in r) throw new Error(`the complaint was refused: ${r.refused}`);
  return r;
}

/**
 * An APIP auditor (logged in) takes a complaint up — triage with a note, when given and the
 * complaint is still only filed — then answers it with an outcome. Returns the answer's block.
 */
export async function answerComplaint(page: Page, complaintId: string, a: { triageNote?: string; outcome: 'substantiated' | 'unsubstantiated' | 'referred'; text: string }): Promise<number> {
  await open(page, '/kerja/audit');
  const card = page.getByTestId(`complaint-${complaintId}`);
  await card.waitFor({ timeout: 30_000 });
  if (a.triageNote) {
    const note = card.getByLabel(A.triageNote!, { exact: true });
    if (await note.count()) {
      await note.fill(a.triageNote);
      await card.getByRole('button', { name: A.triageButton!, exact: true }).click();
      await recordedIn(card);
    }
  }
  const before = await lastRecorded(card);
  await card.getByLabel(A.outcomeLabel!, { exact: true }).selectOption(a.outcome);
  await card.getByLabel(A.answerText!, { exact: true }).fill(a.text);
  await card.getByRole('button', { name: A.answerButton!, exact: true }).click();
  return recordedIn(card, before);
}
