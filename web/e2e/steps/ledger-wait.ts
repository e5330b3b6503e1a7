/**
 * Waiting for a transaction the page signed to be recorded, as a person reads it: the
 * "Tercatat di blok N" line of TxProgress (web/src/lib/ledger/TxProgress.tsx), or the ledger's
 * refusal in its place.
 */
import type { Locator, Page } from 'playwright-core';

const DONE = /Tercatat di blok (\d+)|Recorded in block (\d+)/;

/** Waits for the next "recorded in block N" inside `scope` (after `before`, the text it showed earlier) and returns N; throws with the refusal shown. */
export async function recordedIn(scope: Page | Locator, before: string | null = null, timeoutMs = 90_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const done = scope.getByText(DONE);
    const texts = await done.allInnerTexts();
    const fresh = texts.find((t) => t !== before);
    if (fresh) return Number(DONE.exec(fresh)!.slice(1).find(Boolean));
    const alerts = (await scope.locator('.tx-progress[role="alert"]').allInnerTexts()).filter(Boolean);
    if (alerts.length) throw new Error(`the transaction was not recorded: ${alerts.join(' | ').replace(/\s+/g, ' ')}`);
    if (Date.now() > deadline) throw new Error(`no "Tercatat di blok" within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The "Tercatat di blok …" text `scope` shows now (null when none), to wait for the next one. */
export async function lastRecorded(scope: Page | Locator): Promise<string | null> {
  const texts = await scope.getByText(DONE).allInnerTexts();
  return texts.at(-1) ?? null;
}

/** Opens an address of the app on the page's own origin (the page is already on it, logged in). */
export async function open(page: Page, path: string): Promise<void> {
  const origin = new URL(page.url()).origin;
  await page.goto(origin + path);
}
