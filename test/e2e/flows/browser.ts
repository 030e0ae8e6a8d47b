import type { Browser, BrowserContext, Page } from 'playwright-core';

/** What the console's Content-Security-Policy must hold (http/securityHeaders.ts): nothing inline. */
const STRICT = ["default-src 'self'", "script-src 'self'", "script-src-attr 'none'", "style-src 'self'"];

export interface FlowsPage {
  page: Page;
  context: BrowserContext;
  /** Errors the page logged: refused inline code or styles, script errors. */
  errors: string[];
}

/** A logged-in page of the console, served with the bot's own strict CSP (checked), so the editor is shown to work under it. */
export async function openAs(browser: Browser, baseUrl: string, token: string, path: string): Promise<FlowsPage> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  await context.addCookies([{ name: 'wabot_session', value: token, url: baseUrl }]);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (dialog) => void dialog.accept());
  const response = await page.goto(baseUrl + path);
  const policy = (response?.headers()['content-security-policy'] ?? '').split(';').map((d) => d.trim());
  const missing = STRICT.filter((directive) => !policy.includes(directive));
  if (missing.length > 0) throw new Error(`the page's CSP lacks ${missing.join(', ')}: ${policy.join('; ')}`);
  return { page, context, errors };
}

/** A new session token for the account (a browser context gets it as its cookie). */
export async function sessionToken(baseUrl: string, account: { email: string; password: string }): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: account.email, password: account.password }) });
  return ((await res.json()) as { token: string }).token;
}
