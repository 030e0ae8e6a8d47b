import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { signWebhookBody } from '../../../src/channels/whatsapp-cloud';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'whatsapp');

/** A webhook payload from test/fixtures/whatsapp, without its `_source` note (Meta never sends one). */
export function loadFixture(name: string): Record<string, any> {
  const payload = JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8'));
  delete payload._source;
  return payload;
}

/** Raw bytes and the X-Hub-Signature-256 value Meta would send with them. */
export function signed(payload: unknown, appSecret: string): { body: string; signature: string } {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return { body, signature: signWebhookBody(body, appSecret) };
}

export { RecordingQueue, type RecordedAdd } from '../../support/recordingQueue';

export { memoryLogger } from '../../support/memoryLogger';
