/**
 * Logging in and out in the browser, as a person does: through /masuk. `loginAsDemo` uses the demo
 * switcher (the gateway must run in demo mode: `startWorld({ demo: true })`), which imports the
 * person's seed as a non-extractable WebCrypto key and signs the login challenge with it;
 * `loginWithOwnKey` uses a key this browser made itself (at enrolment or a rotation).
 */
import type { Page } from 'playwright-core';

/** Opens `path` on the app: relative to the page's current origin, or to the context's baseURL. */
export async function open(page: Page, path: string): Promise<void> {
  const current = page.url();
  await page.goto(/^https?:/.test(current) ? new URL(path, current).toString() : path);
}

/** Logged in: the session is saved in this tab and the header shows the person (a link to /kerja). */
async function waitLoggedIn(page: Page, memberId: string): Promise<void> {
  await page.locator('.account__who').waitFor({ timeout: 30_000 });
  await page.waitForFunction((id) => window.sessionStorage.getItem('prasasti.session')?.includes(`"memberId":"${id}"`) ?? false, memberId, { timeout: 30_000 });
}

/** Logs in as a demo person through the demo switcher on /masuk; ends on their workspace (/kerja). */
export async function loginAsDemo(page: Page, memberId: string): Promise<void> {
  await open(page, '/masuk');
  const button = page.locator(`button[data-member-id="${memberId}"]`);
  await button.waitFor({ timeout: 30_000 });
  await button.click();
  await waitLoggedIn(page, memberId);
}

/** Logs in with the key this browser holds for `memberId` (made here at enrolment or rotation). */
export async function loginWithOwnKey(page: Page, memberId: string): Promise<void> {
  await open(page, `/masuk?member=${encodeURIComponent(memberId)}`);
  await page.locator('#login-member').fill(memberId);
  await page.locator('form').filter({ has: page.locator('#login-member') }).locator('button[type=submit]').click();
  await waitLoggedIn(page, memberId);
}

/** Logs out with the header's button; ends on /masuk. */
export async function logout(page: Page): Promise<void> {
  await page.locator('.account__logout').click();
  await page.waitForURL(/\/masuk/, { timeout: 15_000 });
  await page.locator('.account__login').waitFor({ timeout: 15_000 });
}
