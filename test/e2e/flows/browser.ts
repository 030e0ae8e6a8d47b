import type { Browser, BrowserContext, Page } from 'playwright-core';

/**
 * The Content-Security-Policy docs/SECURITY.md sets on every page: nothing inline. The Flows
 * page's tests serve every response with it, so the editor is shown to work under it.
 */
export const STRICT_CSP = "default-src 'self'; script-src 'self'; script-src-attr 'none'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

export interface FlowsPage {
  page: Page;
  context: BrowserContext;
  /** Errors the page logged: refused inline code or styles, script errors. */
  errors: string[];
}

/** A logged-in page of the console with the strict CSP on every response. */
export async function openAs(browser: Browser, baseUrl: string, token: string, path: string): Promise<FlowsPage> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.addCookies([{ name: 'wabot_session', value: token, url: baseUrl }]);
  await context.route('**/*', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': STRICT_CSP } });
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (dialog) => void dialog.accept());
  await page.goto(baseUrl + path);
  return { page, context, errors };
}

/** Opens a file on the Flows page and waits for its editor. */
export async function openFile(page: Page, file: string): Promise<void> {
  await page.locator('#file-rows button', { hasText: new RegExp(`^${file.replace(/[.]/g, '\\.')}$`) }).click();
  await page.locator('#file-title', { hasText: file }).waitFor();
  await page.locator('.cm-content').waitFor();
  await page.locator('#problems', { hasText: 'No problems' }).waitFor({ timeout: 15_000 });
}
