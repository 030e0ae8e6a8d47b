import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { totpCode } from '../../../src/agents/twoFactor';
import { startHttpBot, type HttpBot } from '../../support/httpBot';

/**
 * Two-step sign-in in a real browser (REQUIRE_2FA=admins): the admin's first login leads to the
 * set-up (QR code, key, first code, recovery codes) before anything else; later logins ask for
 * the app's code, or take a recovery code once.
 */
const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = path.resolve(__dirname, '../../../test-artifacts/console');
const ADMIN = { email: 'admin@shop.test', password: 'admin-pass-2024' };

jest.setTimeout(60_000);

describe('two-step sign-in in the console (browser)', () => {
  let bot: HttpBot;
  let browser: Browser;
  let page: Page;
  let secret: string;
  let recoveryCodes: string[];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM}; the console tests need it (apt-get update && apt-get install -y chromium).`);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    bot = await startHttpBot({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, REQUIRE_2FA: 'admins', FLOWS_DIR: path.resolve(__dirname, '../../fixtures/flows') });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) pageErrors.push(message.text());
    });
  });
  afterAll(async () => {
    await browser?.close();
    await bot?.stop();
  });
  afterEach(() => {
    expect(pageErrors.splice(0)).toEqual([]);
  });

  async function logIn(code?: string) {
    await page.goto(`${bot.url}/console/`);
    await page.getByLabel('E-mail').fill(ADMIN.email);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    if (code !== undefined) {
      const field = page.getByLabel('Code from your authenticator app');
      await field.waitFor();
      await field.fill(code);
      await page.getByRole('button', { name: 'Log in' }).click();
    }
  }

  async function logOut() {
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.locator('body[data-view="login"]').waitFor();
  }

  it('sends an admin without it to the set-up, which shows a QR code and the recovery codes once', async () => {
    await logIn();
    await page.getByRole('heading', { name: 'Two-step sign-in' }).waitFor();
    // Required: it cannot be put off.
    expect(await page.getByRole('button', { name: 'Not now' }).isVisible()).toBe(false);
    const qr = page.getByAltText('QR code to scan with the authenticator app');
    await page.waitForFunction(() => {
      const img = document.getElementById('enrol-qr') as HTMLImageElement | null;
      return !!img && img.complete && img.naturalWidth > 0;
    });
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    secret = (await page.getByTestId('totp-secret').innerText()).trim();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);

    await page.getByLabel('Code from the app').fill('000000');
    await page.getByRole('button', { name: 'Turn on' }).click();
    await page.locator('#enrol-error:not([hidden])').waitFor();
    await page.getByLabel('Code from the app').fill(totpCode(secret, Date.now()));
    await page.getByRole('button', { name: 'Turn on' }).click();
    const codes = page.getByTestId('recovery-codes').locator('li');
    await codes.first().waitFor();
    recoveryCodes = await codes.allInnerTexts();
    expect(recoveryCodes).toHaveLength(10);
    await page.screenshot({ path: path.join(ARTIFACTS, 'two-factor-recovery-codes.png') });
    await page.getByRole('button', { name: 'I have saved these codes' }).click();
    await page.getByTestId('whoami').waitFor();
    expect(await page.getByRole('button', { name: 'Set up two-step sign-in' }).isVisible()).toBe(false);
    await logOut();
  });

  it('asks for the app\'s code after the password, and refuses a wrong one', async () => {
    await logIn('123456');
    await page.getByText('That code is wrong or was already used').waitFor();
    // The code of the next 30-second step (the set-up used the current one; each is taken once).
    await page.getByLabel('Code from your authenticator app').fill(totpCode(secret, Date.now() + 30_000));
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByTestId('whoami').waitFor();
    await logOut();
  });

  it('takes a recovery code once instead of the app\'s code', async () => {
    await logIn(recoveryCodes[0]);
    await page.getByTestId('whoami').waitFor();
    await logOut();
    await logIn(recoveryCodes[0]);
    await page.getByText('That code is wrong or was already used').waitFor();
  });
});
