/**
 * The tender side of the journey, driven in the browser as the officials would: each step takes a
 * playwright Page already logged in as the right person (steps/session.ts loginAsDemo), opens the
 * tender workspace (/kerja/tender…), fills the form, signs and waits until the page says the
 * transaction is recorded in a block ("Tercatat di blok N"). A refusal fails the step with the
 * ledger's message as the page shows it.
 *
 * Who signs what (ledger/modules/tender/README.md): createTender — the PPK; registerOpeningKey and
 * revealOpeningKey — each opening officer (in the browser where the key was made: revealing needs
 * the same browser context); announceTender, answerQuestion, closeOpening, evaluate, approveAward,
 * answerObjection (sanggah), declareFailed — a Pokja member; decideAward and answerObjection
 * (sanggah banding) — the PA or a KPA; issueSppbj — the tender's PPK.
 */
import type { Locator, Page } from 'playwright-core';

const RECORDED = /Tercatat di blok (\d+)|Recorded in block (\d+)/;
const STEP_TIMEOUT_MS = 120_000;

const workPath = (tenderId: string) => `/kerja/tender/${encodeURIComponent(tenderId)}`;

/** Opens an address of the app on the page's own origin (the page is already on it, logged in). */
async function goto(page: Page, path: string): Promise<void> {
  await page.goto(new URL(page.url()).origin + path);
}

/** Opens the tender's workspace page and waits for it to show the tender. */
export async function openTenderWork(page: Page, tenderId: string): Promise<void> {
  await goto(page, workPath(tenderId));
  await page.getByTestId('tender-work-page').waitFor({ timeout: STEP_TIMEOUT_MS });
}

/**
 * Presses a signing button inside `scope` and waits for the page's "recorded in block N" for
 * `type`; returns N. A refusal or a failure shown next to the button throws with its text.
 */
async function signAndWait(page: Page, scope: Locator, button: RegExp, type: string): Promise<number> {
  const action = scope.locator('.sign-action').filter({ has: page.getByRole('button', { name: button }) });
  const btn = action.getByRole('button', { name: button });
  try {
    await btn.waitFor({ timeout: STEP_TIMEOUT_MS });
  } catch (e) {
    // Say what the page shows instead (the reason the action is not offered, a refusal…).
    const shown = (await scope.innerText().catch(() => '')).replace(/\s+/g, ' ').slice(0, 1500);
    throw new Error(`${type}: no "${button.source}" button; the page shows: ${shown || '(nothing)'}`, { cause: e });
  }
  // The form may still be checking what was typed: wait until the button can be pressed.
  await page.waitForFunction((el) => !(el as HTMLButtonElement).disabled, await btn.elementHandle(), { timeout: 30_000 });
  await btn.click();
  const recorded = page.getByTestId('recorded').filter({ hasText: type });
  const failed = action.locator('[role="alert"]');
  const outcome = await Promise.race([
    recorded.waitFor({ timeout: STEP_TIMEOUT_MS }).then(() => 'recorded' as const),
    failed.first().waitFor({ timeout: STEP_TIMEOUT_MS }).then(() => 'failed' as const),
  ]);
  if (outcome === 'failed') throw new Error(`${type}: ${(await failed.first().innerText()).replace(/\s+/g, ' ')}`);
  const m = RECORDED.exec(await recorded.innerText());
  if (!m) throw new Error(`${type}: no block number in "${await recorded.innerText()}"`);
  return Number(m[1] ?? m[2]);
}

export interface NewTender {
  packageId: string;
  tenderId: string;
  /** Whole rupiah, decimal. */
  hps: string;
  pokja: string[];
  /** Opening officers, in seat order. */
  committee: string[];
  /** Default: the smallest the committee rule allows. */
  threshold?: number;
  /** The HPS breakdown file (hashed in the browser); default a small text file. */
  breakdown?: { name: string; mimeType: string; buffer: Buffer };
  /** Also keep an encrypted copy of the breakdown at the gateway. */
  keepCopy?: boolean;
  previousTenderId?: string;
}

/** The PPK sets up the tender from a published RUP package and signs `tender.create`. */
export async function createTender(page: Page, t: NewTender): Promise<number> {
  await goto(page, '/kerja/tender/baru');
  const form = page.getByTestId('create-tender');
  await form.waitFor({ timeout: STEP_TIMEOUT_MS });
  await form.getByRole('combobox', { name: /^Paket RUP$|^RUP package$/ }).selectOption(t.packageId);
  if (t.previousTenderId) await form.getByRole('combobox', { name: /Tender gagal sebelumnya|Previous failed tender/ }).selectOption(t.previousTenderId);
  const id = form.getByRole('textbox', { name: /^Kode tender$|^Tender id$/ });
  await id.fill(t.tenderId);
  await form.getByRole('textbox', { name: /^HPS \(rupiah\)$/ }).fill(t.hps);
  await form.getByLabel(/Rincian HPS \(berkas\)|HPS breakdown \(file\)/).setInputFiles(t.breakdown ?? { name: `rincian-hps-${t.tenderId}.txt`, mimeType: 'text/plain', buffer: Buffer.from(`Rincian HPS ${t.tenderId}: ${t.hps}`) });
  await form.getByTestId('breakdown-hash').waitFor({ timeout: 30_000 });
  if (t.keepCopy) await form.getByRole('checkbox', { name: /Simpan juga salinan|Also keep an encrypted copy/ }).check();
  for (const m of t.pokja) await form.locator(`input[data-role="pokja"][data-member-id="${m}"]`).check({ timeout: 30_000 });
  for (const m of t.committee) await form.locator(`input[data-role="committee"][data-member-id="${m}"]`).check({ timeout: 30_000 });
  if (t.threshold !== undefined) await form.getByRole('spinbutton', { name: /Ambang pembukaan k|Opening threshold k/ }).fill(String(t.threshold));
  return signAndWait(page, form, /Tandatangani dan buat tender|Sign and create the tender/, 'tender.create');
}

/** The opening officer logged in on `page` makes a one-tender opening key in this browser and registers it. */
export async function registerOpeningKey(page: Page, tenderId: string): Promise<number> {
  await openTenderWork(page, tenderId);
  return signAndWait(page, page.getByTestId('my-seat'), /Buat kunci dan tandatangani|Make the key and sign/, 'tender.register_opening_key');
}

/** A Pokja member announces the tender with a bid period of `days` (+ `hours`) of ledger time. */
export async function announceTender(page: Page, tenderId: string, days: number, hours = 0): Promise<number> {
  await openTenderWork(page, tenderId);
  const section = page.locator('#pengumuman');
  await section.getByRole('spinbutton', { name: /Masa penawaran \(hari\)|Bid period \(days\)/ }).fill(String(days));
  await section.getByRole('spinbutton', { name: /ditambah jam|plus hours/ }).fill(String(hours));
  return signAndWait(page, section, /Tandatangani dan umumkan|Sign and announce/, 'tender.announce');
}

/** A Pokja member answers clarification question `no`. */
export async function answerQuestion(page: Page, tenderId: string, no: number, answer: string): Promise<number> {
  await openTenderWork(page, tenderId);
  const q = page.getByTestId(`question-${no}`);
  await q.getByRole('textbox').fill(answer);
  return signAndWait(page, q, /Tandatangani dan kirim jawaban|Sign and send the answer/, 'tender.answer');
}

/** After the deadline, the officer logged in on `page` posts the secret half of their opening key (kept in this browser). */
export async function revealOpeningKey(page: Page, tenderId: string): Promise<number> {
  await openTenderWork(page, tenderId);
  return signAndWait(page, page.getByTestId('my-seat'), /Tandatangani dan buka kunci saya|Sign and reveal my key/, 'tender.reveal_opening_key');
}

/** A Pokja member closes the opening (k officers revealed, grace period over). */
export async function closeOpening(page: Page, tenderId: string): Promise<number> {
  await openTenderWork(page, tenderId);
  return signAndWait(page, page.getByTestId('close-opening'), /Tandatangani dan tutup pembukaan|Sign and close the opening/, 'tender.close_opening');
}

export interface EvaluationResult {
  qualified?: boolean;
  reason?: string;
  /** Corrected price, whole rupiah. */
  corrected?: string;
  /** Seleksi: 0–100. */
  score?: number;
}

/**
 * A Pokja member records the evaluation: every bid as the form proposes it (opened and within the
 * HPS: qualified at its price; otherwise disqualified with the reason), changed by `results` per
 * bidder organization id.
 */
export async function evaluate(page: Page, tenderId: string, results: Record<string, EvaluationResult> = {}): Promise<number> {
  await openTenderWork(page, tenderId);
  const form = page.locator('#evaluasi');
  await form.getByTestId('evaluation-form').waitFor({ timeout: STEP_TIMEOUT_MS });
  for (const [bidder, r] of Object.entries(results)) {
    const row = form.getByTestId(`evaluate-${bidder}`);
    if (r.qualified !== undefined) await row.getByRole('checkbox').setChecked(r.qualified);
    if (r.reason !== undefined) await row.getByRole('textbox', { name: /^Alasan untuk|^Reason for/ }).fill(r.reason);
    if (r.corrected !== undefined) await row.getByRole('textbox', { name: /^Harga terkoreksi|^Corrected price/ }).fill(r.corrected);
    if (r.score !== undefined) await row.getByRole('spinbutton', { name: /^Nilai teknis|^Technical score/ }).fill(String(r.score));
  }
  return signAndWait(page, form, /Tandatangani dan catat evaluasi|Sign and record the evaluation/, 'tender.evaluate');
}

/** The Pokja member logged in on `page` approves the best bid of the recorded evaluation (call for each member of the majority). */
export async function approveAward(page: Page, tenderId: string): Promise<number> {
  await openTenderWork(page, tenderId);
  return signAndWait(page, page.getByTestId('approve-award'), /Tandatangani persetujuan|Sign my approval/, 'tender.approve_award');
}

/** The PA or a KPA confirms (or declines, with a reason) the Pokja's winner above the threshold. */
export async function decideAward(page: Page, tenderId: string, approve: boolean, reason: string): Promise<number> {
  await openTenderWork(page, tenderId);
  const box = page.getByTestId('decide-award');
  await box.getByRole('radio', { name: approve ? /Tetapkan pemenang|Confirm the winner/ : /Tolak usulan|Decline/ }).check();
  await box.getByRole('textbox', { name: /^Alasan$|^Reason$/ }).fill(reason);
  return signAndWait(page, box, /Tandatangani keputusan|Sign the decision/, 'tender.decide_award');
}

/** Answers objection `no` (a sanggah: a Pokja member; a sanggah banding: the PA/KPA), upheld or rejected. */
export async function answerObjection(page: Page, tenderId: string, no: number, upheld: boolean, answer: string): Promise<number> {
  await openTenderWork(page, tenderId);
  const box = page.getByTestId(`answer-objection-${no}`);
  await box.getByRole('radio', { name: upheld ? /^Diterima|^Upheld/ : /^Ditolak$|^Rejected$/ }).check();
  await box.getByRole('textbox', { name: /^Jawaban$|^Answer$/ }).fill(answer);
  return signAndWait(page, box, /Tandatangani jawaban|Sign the answer/, 'tender.answer_objection');
}

/** The tender's PPK issues the SPPBJ (the objection windows must be over). */
export async function issueSppbj(page: Page, tenderId: string): Promise<number> {
  await openTenderWork(page, tenderId);
  return signAndWait(page, page.locator('#sppbj'), /Tandatangani dan terbitkan SPPBJ|Sign and issue the SPPBJ/, 'tender.issue_sppbj');
}

/** A Pokja member declares the tender failed, with a reason. */
export async function declareFailed(page: Page, tenderId: string, reason: string): Promise<number> {
  await openTenderWork(page, tenderId);
  const box = page.getByTestId('declare-failed');
  await box.getByRole('textbox', { name: /^Alasan$|^Reason$/ }).fill(reason);
  return signAndWait(page, box, /Tandatangani pernyataan tender gagal|Sign the declaration/, 'tender.declare_failed');
}
