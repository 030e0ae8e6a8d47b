import fs from 'node:fs';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

/** Helpers of the console's browser tests: Chromium from Debian, waits that say what they saw. */
export const CHROMIUM = '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing at ${CHROMIUM}; the console tests need it (apt-get update && apt-get install -y chromium).`);
  }
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--autoplay-policy=no-user-gesture-required'] });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `read` until `ok` holds; fails with what was last seen (playwright-core has no `expect`). */
export async function eventually<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 3000): Promise<T> {
  const started = Date.now();
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await read();
      if (ok(last)) return last;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() - started > timeoutMs) {
      throw new Error(`${what}: not so after ${timeoutMs} ms; last seen ${JSON.stringify(last)}${lastError ? ` (${String(lastError)})` : ''}`);
    }
    await sleep(50);
  }
}

export const matches = (pattern: RegExp | string) => (text: string) => (typeof pattern === 'string' ? text.trim() === pattern : pattern.test(text));
export const hasText = (locator: Locator, pattern: RegExp | string, timeoutMs?: number) =>
  eventually(`text of ${locator}`, () => locator.innerText({ timeout: 200 }), matches(pattern), timeoutMs);
export const visible = (locator: Locator, timeout = 3000) => locator.first().waitFor({ state: 'visible', timeout });

/** Logs in through the console's form and waits until its live event stream is up. */
export async function logIn(page: Page, baseUrl: string, who: { email: string; password: string }): Promise<void> {
  await page.goto(`${baseUrl}/console/`);
  await page.getByLabel('E-mail').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByTestId('whoami').waitFor();
  await page.locator('#connection[data-status="live"]').waitFor();
}
