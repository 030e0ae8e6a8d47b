/**
 * Sends a saved webhook payload to the running bot, signed as Meta signs it: for trying a
 * fixture (or a payload copied from Meta's dashboard) against your flows.
 *   npm run replay -- test/fixtures/messenger/text.json [--url http://localhost:3000]
 * The webhook and the app secret follow the payload's `object`: WhatsApp (WHATSAPP_APP_SECRET),
 * Messenger (`page`, MESSENGER_APP_SECRET) or Instagram (`instagram`, INSTAGRAM_APP_SECRET),
 * read from the environment or .env like the bot does. Timestamps become now (in the payload's
 * own unit), so the bot answers as if the customer had just written.
 */
import fs from 'node:fs';
import { loadConfig } from '../src/config/load';
import { signWebhookBody } from '../src/meta/signature';

const WEBHOOKS: Record<string, { path: string; secret: (c: ReturnType<typeof loadConfig>) => string | undefined; setting: string }> = {
  whatsapp_business_account: { path: '/webhook/whatsapp', secret: (c) => c.whatsapp.cloud?.appSecret, setting: 'WHATSAPP_MODE=cloud and WHATSAPP_APP_SECRET' },
  page: { path: '/webhook/messenger', secret: (c) => c.messenger?.appSecret, setting: 'MESSENGER_ENABLED=true and MESSENGER_APP_SECRET' },
  instagram: { path: '/webhook/instagram', secret: (c) => c.instagram?.appSecret, setting: 'INSTAGRAM_ENABLED=true and INSTAGRAM_APP_SECRET' },
};

/** Every `timestamp` of the payload set to now: WhatsApp's are seconds (as strings), Messenger's milliseconds. */
function refreshTimestamps(value: unknown): void {
  if (Array.isArray(value)) value.forEach(refreshTimestamps);
  if (typeof value !== 'object' || value === null) return;
  const record = value as Record<string, unknown>;
  for (const [key, inner] of Object.entries(record)) {
    if (key === 'timestamp' && typeof inner === 'string') record[key] = String(Math.floor(Date.now() / 1000));
    else if (key === 'timestamp' && typeof inner === 'number') record[key] = inner >= 1e12 ? Date.now() : Math.floor(Date.now() / 1000);
    else refreshTimestamps(inner);
  }
}

async function main(): Promise<void> {
  const urlIndex = process.argv.indexOf('--url');
  const file = process.argv.slice(2).find((a, i) => !a.startsWith('--') && i + 2 !== urlIndex + 1);
  if (!file) {
    console.error('usage: npm run replay -- <payload.json> [--url http://localhost:3000]');
    process.exit(2);
  }
  const config = loadConfig();
  const base = (urlIndex > 0 ? process.argv[urlIndex + 1] : undefined) ?? `http://127.0.0.1:${config.port}`;
  const payload = JSON.parse(fs.readFileSync(file, 'utf8'));
  delete payload._source; // the fixtures' note of where their shape comes from; Meta sends none
  refreshTimestamps(payload);
  const webhook = WEBHOOKS[payload.object];
  if (!webhook) throw new Error(`${file}: "object" is ${JSON.stringify(payload.object)}; expected ${Object.keys(WEBHOOKS).join(', ')}`);
  const secret = webhook.secret(config);
  if (!secret) throw new Error(`set ${webhook.setting} (the bot must run with the same values)`);
  const body = JSON.stringify(payload);
  const res = await fetch(base + webhook.path, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signWebhookBody(body, secret) }, body });
  console.log(`${res.status} ${await res.text()}`);
  if (!res.ok) process.exit(1);
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
