import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { signWebhookBody } from '../../../src/meta/signature';

const FIXTURES = join(__dirname, '..', '..', 'fixtures');

/** A webhook payload from test/fixtures/<platform>, without its `_source` note (Meta never sends one). */
export function loadFixture(platform: 'messenger' | 'instagram', name: string): Record<string, any> {
  const payload = JSON.parse(readFileSync(join(FIXTURES, platform, `${name}.json`), 'utf8'));
  delete payload._source;
  return payload;
}

/** Raw bytes and the X-Hub-Signature-256 value Meta would send with them. */
export function signed(payload: unknown, appSecret: string): { body: string; signature: string } {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return { body, signature: signWebhookBody(body, appSecret) };
}
