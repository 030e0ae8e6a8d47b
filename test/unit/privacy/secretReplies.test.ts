import path from 'node:path';
import request from 'supertest';
import { startTestBot, textOf, type TestBot } from '../../support/testBot';
import { memoryLogger } from '../../support/memoryLogger';
import { RecordingQueue } from '../../support/recordingQueue';
import { loadConfig } from '../../../src/config/load';
import { createRuntime } from '../../../src/runtime/runtime';
import { createHttpApp } from '../../../src/http/createHttpApp';
import { createSilentLogger } from '../../../src/observability/logger';
import { systemText } from '../../../src/conversation/systemTexts';
import { SECRET_MARKS } from '../../../src/domain/secrets';
import type { InboundEntry } from '../../../src/domain/transcript';

const FLOWS = path.resolve(__dirname, '../../fixtures/flows');
const WARNING = { en: systemText('secretNotKept', 'en'), bn: systemText('secretNotKept', 'bn') };

describe('a customer who types a secret', () => {
  let bot: TestBot;
  let logs: Record<string, unknown>[];
  let n = 0;
  let phone: string;
  const inbound = async () => (await bot.runtime.store.messages.listByCustomer(`simulator:${phone}`)).filter((m): m is InboundEntry => m.direction === 'in');
  const say = async (text: string) => (await bot.send(phone, text)).map(textOf);

  beforeEach(async () => {
    const memory = memoryLogger('debug');
    logs = memory.entries;
    bot = await startTestBot({ flowsDir: FLOWS, logger: memory.logger, env: { LOG_LEVEL: 'debug' } });
    phone = `88017000${String(++n).padStart(5, '0')}`;
  });
  afterEach(async () => bot.stop());

  it('is told once, in English, that the shop never needs it; the question the bot asked still waits', async () => {
    expect(await say('size guide')).toEqual(['Which size?']);
    expect(await say('my bkash pin is 73519')).toEqual([WARNING.en]);
    expect(await say('M')).toEqual(['How many?']);
    const stored = await inbound();
    expect(stored[1].content).toEqual({ type: 'text', text: `my bkash pin is ${SECRET_MARKS.pin}` });
    expect(JSON.stringify(stored)).not.toContain('73519');
  });

  it('is answered in Bengali when they write Bengali or Banglish', async () => {
    expect(await say('আমার বিকাশ পিন ৭৩৫১৯')).toEqual([WARNING.bn]);
    expect(await say('amar otp 864209 dilam, ki korbo?')).toEqual([WARNING.bn]);
    expect(JSON.stringify(await inbound())).not.toMatch(/৭৩৫১৯|864209/);
  });

  it('is answered as usual when the number is an order number, a phone or a price', async () => {
    for (const text of ['size guide', 'my order 204518', 'call me at 01712345678']) {
      const replies = await say(text);
      expect(replies).not.toContain(WARNING.en);
      expect(replies.length).toBeGreaterThan(0);
    }
    expect((await inbound()).map((m) => (m.content as { text: string }).text)).toEqual(['size guide', 'my order 204518', 'call me at 01712345678']);
  });

  it('gets the warning instead of "you are waiting" while a person holds the chat, and the agent sees it masked', async () => {
    await say('human');
    const replies = await say('otp is 864209 and card 4111 1111 1111 1111');
    expect(replies).toEqual([WARNING.en]);
    const last = (await inbound()).pop()!;
    expect(last.content).toEqual({ type: 'text', text: `otp is ${SECRET_MARKS.code} and card ${SECRET_MARKS.card}` });
  });

  it('never has the secret written to the logs, even at debug level, nor to the unanswered questions', async () => {
    await say('password: Dhaka@123 and pin 73519');
    await say('tomorrow 4111-1111-1111-1111 ok?');
    const written = JSON.stringify(logs);
    expect(logs.length).toBeGreaterThan(0);
    expect(written).not.toMatch(/Dhaka@123|73519|4111-1111/);
    expect(JSON.stringify(await bot.runtime.store.unanswered.list(50))).not.toMatch(/Dhaka@123|73519|4111-1111/);
    bot.runtime.logger.debug('a caller logging a customer text itself', { note: 'my bkash pin is 73519' });
    expect(JSON.stringify(logs.slice(-1))).toContain(SECRET_MARKS.pin);
  });
});

describe('a channel queuing a customer message', () => {
  it('puts it on the queue with its secrets already masked', async () => {
    const queue = new RecordingQueue();
    const config = loadConfig({ dotenv: false, env: { FLOWS_DIR: FLOWS, SQLITE_FILE: ':memory:', SIMULATOR: 'true' } });
    const runtime = await createRuntime(config, createSilentLogger(), { queue });
    try {
      await request(createHttpApp(runtime)).post('/api/simulator/messages').send({ from: '8801700000009', text: 'Nagad pin: 4321, order 204518' });
      const job = queue.adds.find((a) => a.topic === 'inbound')!;
      expect(job.payload.content).toEqual({ type: 'text', text: `Nagad pin: ${SECRET_MARKS.pin}, order 204518` });
      expect(job.payload.secrets).toEqual(['pin']);
    } finally {
      await runtime.stop();
    }
  });
});
