import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JobHandler, JobOptions, Queue, Topic } from '../../../src/queue/port';
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

export interface RecordedAdd {
  topic: Topic;
  payload: any;
  options?: JobOptions;
}

/**
 * A hand-written recorder of the Queue port: the webhook only needs `add`, and the real
 * adapters have their own contract tests. `failAdds` makes every add reject (Redis down).
 */
export class RecordingQueue implements Queue {
  readonly kind = 'recording';
  readonly adds: RecordedAdd[] = [];
  constructor(private readonly failAdds = false) {}

  async add<T>(topic: Topic, payload: T, options?: JobOptions): Promise<void> {
    if (this.failAdds) throw new Error('queue unavailable');
    this.adds.push({ topic, payload, options });
  }
  process<T>(_topic: Topic, _handler: JobHandler<T>): void {}
  async waitFor(): Promise<void> {}
  async ping(): Promise<void> {}
  async close(): Promise<void> {}
}

export { memoryLogger } from '../../support/memoryLogger';
