import nock from 'nock';
import { GraphApiClient, WhatsAppCloudChannel, type ReengagementTemplate } from '../../../src/channels/whatsapp-cloud';
import type { InboundMessage, OutboundContent, OutboundMessage } from '../../../src/domain/message';
import { ChannelSendError } from '../../../src/channels/port';
import { createSilentLogger, type Logger } from '../../../src/observability/logger';
import { memoryLogger } from './support';

const GRAPH = 'https://graph.facebook.com';
const MESSAGES = '/v21.0/109876543210001/messages';
const TO = '8801711000001';
const envelope = { messaging_product: 'whatsapp', recipient_type: 'individual', to: TO };
const graphError = (code: number, message: string) => ({ error: { message, type: 'OAuthException', code, fbtrace_id: 'AbC' } });

function channelWith(options: { template?: ReengagementTemplate; logger?: Logger } = {}) {
  const logger = options.logger ?? createSilentLogger();
  const client = new GraphApiClient({
    phoneNumberId: '109876543210001',
    accessToken: 'EAAtest',
    logger,
    sleep: async () => {},
    random: () => 0.5,
  });
  return new WhatsAppCloudChannel({ client, logger, reengagementTemplate: options.template });
}

function outbound(content: OutboundContent, id = 'out-1'): OutboundMessage {
  return { id, conversationId: 'c-1', channel: 'whatsapp-cloud', to: TO, content, sender: 'bot', locale: 'en', createdAt: 0 };
}

/**
 * Answers every message POST with a fresh wamid and records the bodies, in order; the key each
 * part carries for its status webhooks (biz_opaque_callback_data) is recorded apart, in `keys`.
 */
function recordSends(times: number) {
  const bodies: Record<string, any>[] = [];
  const keys: unknown[] = [];
  let n = 0;
  const scope = nock(GRAPH)
    .post(MESSAGES, ({ biz_opaque_callback_data: key, ...body }) => {
      bodies.push(body);
      keys.push(key);
      return true;
    })
    .times(times)
    .reply(200, () => ({ messaging_product: 'whatsapp', messages: [{ id: `wamid.OUT${++n}` }] }));
  return { bodies, keys, scope };
}

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterEach(() => nock.cleanAll());

describe('send: exact Graph request bodies', () => {
  it('text', async () => {
    const { bodies } = recordSends(1);
    await expect(channelWith().send(outbound({ type: 'text', text: 'আপনার অর্ডার পথে আছে।' }))).resolves.toEqual({ channelMessageId: 'wamid.OUT1' });
    expect(bodies).toEqual([{ ...envelope, type: 'text', text: { body: 'আপনার অর্ডার পথে আছে।' } }]);
  });

  it('split text: several messages in order; the first wamid is returned', async () => {
    const first = 'a'.repeat(3000);
    const second = 'b'.repeat(3000);
    const { bodies } = recordSends(2);
    await expect(channelWith().send(outbound({ type: 'text', text: `${first}\n\n${second}` }))).resolves.toEqual({ channelMessageId: 'wamid.OUT1' });
    expect(bodies).toEqual([
      { ...envelope, type: 'text', text: { body: first } },
      { ...envelope, type: 'text', text: { body: second } },
    ]);
  });

  it("each part carries its own key, which Meta returns in that part's status webhooks", async () => {
    const { keys } = recordSends(2);
    await channelWith().send(outbound({ type: 'text', text: `${'a'.repeat(3000)}\n\n${'b'.repeat(3000)}` }, 'wamid.IN7#0'));
    expect(keys).toEqual(['wamid.IN7#0#0', 'wamid.IN7#0#1']);
  });

  it('a key longer than Meta allows (512 characters) is left out rather than refused', async () => {
    const { bodies, keys } = recordSends(1);
    await channelWith().send(outbound({ type: 'text', text: 'hi' }, 'x'.repeat(520)));
    expect(keys).toEqual([undefined]);
    expect(bodies).toEqual([{ ...envelope, type: 'text', text: { body: 'hi' } }]);
  });

  it('buttons', async () => {
    const { bodies } = recordSends(1);
    await channelWith().send(outbound({ type: 'buttons', text: 'Need help?', buttons: [{ id: 'yes', title: 'Yes' }, { id: 'no', title: 'No' }] }));
    expect(bodies).toEqual([
      {
        ...envelope,
        type: 'interactive',
        interactive: {
          type: 'button',
          body: { text: 'Need help?' },
          action: { buttons: [{ type: 'reply', reply: { id: 'yes', title: 'Yes' } }, { type: 'reply', reply: { id: 'no', title: 'No' } }] },
        },
      },
    ]);
  });

  it('more than three buttons: sent as a list', async () => {
    const { bodies } = recordSends(1);
    const buttons = ['S', 'M', 'L', 'XL'].map((size) => ({ id: `size_${size}`, title: size }));
    await channelWith().send(outbound({ type: 'buttons', text: 'Which size?', buttons }));
    expect(bodies).toEqual([
      {
        ...envelope,
        type: 'interactive',
        interactive: {
          type: 'list',
          body: { text: 'Which size?' },
          action: { button: 'Choose', sections: [{ rows: buttons }] },
        },
      },
    ]);
  });

  it('list', async () => {
    const { bodies } = recordSends(1);
    await channelWith().send(
      outbound({ type: 'list', text: 'Delivery area?', buttonLabel: 'Areas', sections: [{ title: 'Dhaka', rows: [{ id: 'in', title: 'Inside Dhaka', description: '60 Tk' }] }] }),
    );
    expect(bodies[0].interactive).toEqual({
      type: 'list',
      body: { text: 'Delivery area?' },
      action: { button: 'Areas', sections: [{ title: 'Dhaka', rows: [{ id: 'in', title: 'Inside Dhaka', description: '60 Tk' }] }] },
    });
  });

  it('more than 10 rows: two list messages of 10 and 2 rows', async () => {
    const { bodies } = recordSends(2);
    const rows = Array.from({ length: 12 }, (_, i) => ({ id: `p${i}`, title: `Product ${i}` }));
    await channelWith().send(outbound({ type: 'list', text: 'Products', buttonLabel: 'See', sections: [{ rows }] }));
    expect(bodies.map((b) => b.interactive.action.sections[0].rows.length)).toEqual([10, 2]);
    expect(bodies[1].interactive.body.text).toBe('More options (2/2)');
  });

  it('image by link', async () => {
    const { bodies } = recordSends(1);
    await channelWith().send(outbound({ type: 'media', media: { kind: 'image', url: 'https://shop.example/p.jpg', caption: 'Blue saree' } }));
    expect(bodies).toEqual([{ ...envelope, type: 'image', image: { link: 'https://shop.example/p.jpg', caption: 'Blue saree' } }]);
  });

  it('document by id', async () => {
    const { bodies } = recordSends(1);
    await channelWith().send(outbound({ type: 'media', media: { kind: 'document', mediaId: '1013859600285441', filename: 'invoice.pdf' } }));
    expect(bodies).toEqual([{ ...envelope, type: 'document', document: { id: '1013859600285441', filename: 'invoice.pdf' } }]);
  });

  it('template with parameters', async () => {
    const { bodies } = recordSends(1);
    await channelWith().send(outbound({ type: 'template', name: 'order_shipped', language: 'bn', parameters: ['#1042', 'Sundarban Courier'] }));
    expect(bodies).toEqual([
      {
        ...envelope,
        type: 'template',
        template: {
          name: 'order_shipped',
          language: { code: 'bn' },
          components: [{ type: 'body', parameters: [{ type: 'text', text: '#1042' }, { type: 'text', text: 'Sundarban Courier' }] }],
        },
      },
    ]);
  });
});

describe('send: failures', () => {
  it('131047 with a configured template: sends the template and says so', async () => {
    const bodies: Record<string, any>[] = [];
    nock(GRAPH)
      .post(MESSAGES)
      .reply(400, graphError(131047, 'Re-engagement message'))
      .post(MESSAGES, ({ biz_opaque_callback_data: key, ...body }) => {
        bodies.push(body);
        return key === 'out-1#reengage';
      })
      .reply(200, { messages: [{ id: 'wamid.TEMPLATE' }] });
    const result = await channelWith({ template: { name: 'order_followup', language: 'bn' } }).send(outbound({ type: 'text', text: 'Are you still there?' }));
    expect(result).toEqual({ channelMessageId: 'wamid.TEMPLATE', usedTemplate: 'order_followup' });
    expect(bodies).toEqual([{ ...envelope, type: 'template', template: { name: 'order_followup', language: { code: 'bn' } } }]);
    expect(nock.isDone()).toBe(true);
  });

  it('131047 without a template: non-retryable ChannelSendError with code 131047', async () => {
    nock(GRAPH).post(MESSAGES).reply(400, graphError(131047, 'Re-engagement message'));
    const error = await channelWith().send(outbound({ type: 'text', text: 'hi' })).catch((e) => e);
    expect(error).toBeInstanceOf(ChannelSendError);
    expect(error.error).toEqual({ code: '131047', title: 'Re-engagement message', retryable: false });
  });

  it('a retried job does not send parts the customer already received', async () => {
    const text = `${'a'.repeat(3000)}\n\n${'b'.repeat(3000)}`;
    const channel = channelWith();
    nock(GRAPH).post(MESSAGES).reply(200, { messages: [{ id: 'wamid.PART1' }] }).post(MESSAGES).reply(400, graphError(100, 'Invalid parameter'));
    await expect(channel.send(outbound({ type: 'text', text }))).rejects.toBeInstanceOf(ChannelSendError);

    const { bodies } = recordSends(1);
    await expect(channel.send(outbound({ type: 'text', text }))).resolves.toEqual({ channelMessageId: 'wamid.PART1' });
    expect(bodies.map((b) => b.text.body[0])).toEqual(['b']);
  });

  it('token expired on three sends: one alert in the logs', async () => {
    nock(GRAPH).post(MESSAGES).times(3).reply(401, graphError(190, 'Error validating access token'));
    const { logger, entries } = memoryLogger();
    const channel = channelWith({ logger });
    for (const id of ['o1', 'o2', 'o3']) {
      await expect(channel.send(outbound({ type: 'text', text: 'hi' }, id))).rejects.toMatchObject({ error: { code: '190', retryable: false } });
    }
    expect(entries.filter((entry) => entry.alert === 'whatsapp_access_token_rejected')).toHaveLength(1);
  });
});

describe('acknowledge', () => {
  const inbound = (content: InboundMessage['content']): InboundMessage => ({
    id: 'wamid.IN1',
    channel: 'whatsapp-cloud',
    from: TO,
    timestamp: 0,
    content,
  });

  it('marks the message read and shows typing', async () => {
    const scope = nock(GRAPH)
      .post(MESSAGES, { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.IN1', typing_indicator: { type: 'text' } })
      .reply(200, { success: true });
    await channelWith().acknowledge(inbound({ type: 'text', text: 'hi' }));
    expect(scope.isDone()).toBe(true);
  });

  it('a reaction is marked read without a typing indicator (no reply is coming)', async () => {
    const scope = nock(GRAPH).post(MESSAGES, { messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.IN1' }).reply(200, { success: true });
    await channelWith().acknowledge(inbound({ type: 'reaction', messageId: 'wamid.X', emoji: '👍' }));
    expect(scope.isDone()).toBe(true);
  });

  it.each([
    ['an edit', { type: 'edit' as const, messageId: 'wamid.X', content: { type: 'text' as const, text: 'fixed' } }],
    ['a deletion', { type: 'revoke' as const, messageId: 'wamid.X' }],
    ['a marketing stop', { type: 'preference' as const, marketing: 'stop' as const }],
  ])('%s calls Graph not at all: nothing was written that an answer could follow', async (_what, content) => {
    const scope = nock(GRAPH).post(MESSAGES).reply(200, { success: true });
    await channelWith().acknowledge(inbound(content));
    expect(scope.isDone()).toBe(false);
  });

  it('errors are logged, never thrown', async () => {
    nock(GRAPH).post(MESSAGES).reply(500, graphError(131000, 'Something went wrong'));
    const { logger, entries } = memoryLogger();
    await expect(channelWith({ logger }).acknowledge(inbound({ type: 'text', text: 'hi' }))).resolves.toBeUndefined();
    expect(entries).toContainEqual(expect.objectContaining({ level: 'warn', message: 'Could not mark WhatsApp message as read', code: '131000' }));
  });
});

describe('fetchMedia: a customer\'s file by its media id', () => {
  const CDN = 'https://lookaside.fbsbx.com';
  const ref = (sha256?: string) => ({ id: 'wamid.IMG', media: { kind: 'image' as const, mediaId: '1003000000000001', mimeType: 'image/jpeg', sha256 } });
  const info = (extra: Record<string, unknown> = {}) => ({ messaging_product: 'whatsapp', url: `${CDN}/whatsapp_business/attachments/?mid=1003000000000001&ext=1`, mime_type: 'image/jpeg', id: '1003000000000001', ...extra });

  it('asks Graph where the file is, downloads it with the token and passes on the SHA-256 Graph declares', async () => {
    nock(GRAPH).get('/v21.0/1003000000000001').reply(200, info({ sha256: 'a'.repeat(64), file_size: '4' }));
    nock(CDN, { reqheaders: { authorization: 'Bearer EAAtest' } }).get('/whatsapp_business/attachments/').query(true).reply(200, Buffer.from('JPEG'));
    const fetched = await channelWith().fetchMedia(ref('b'.repeat(64)));
    expect(fetched.bytes.toString()).toBe('JPEG');
    expect(fetched).toMatchObject({ mimeType: 'image/jpeg', sha256: 'a'.repeat(64) });
  });

  it('falls back to the webhook\'s SHA-256 when Graph gives none', async () => {
    nock(GRAPH).get('/v21.0/1003000000000001').reply(200, info());
    nock(CDN).get('/whatsapp_business/attachments/').query(true).reply(200, Buffer.from('JPEG'));
    expect((await channelWith().fetchMedia(ref('b'.repeat(64)))).sha256).toBe('b'.repeat(64));
  });

  it('too_large when Graph declares more than WHATSAPP_MEDIA_MAX_BYTES, without downloading', async () => {
    const client = new GraphApiClient({ phoneNumberId: '109876543210001', accessToken: 'EAAtest', logger: createSilentLogger(), sleep: async () => {} });
    const channel = new WhatsAppCloudChannel({ client, logger: createSilentLogger(), mediaMaxBytes: 1024 });
    nock(GRAPH).get('/v21.0/1003000000000001').reply(200, info({ file_size: 20_000_000 }));
    await expect(channel.fetchMedia(ref())).rejects.toMatchObject({ name: 'InboundMediaError', reason: 'too_large', sizes: { seenBytes: 20_000_000, maxBytes: 1024 } });
  });

  it('unavailable for a media id Meta no longer knows; failed (worth a retry) when Meta has a passing fault', async () => {
    nock(GRAPH).get('/v21.0/1003000000000001').reply(400, graphError(100, 'Unsupported get request. Object with ID does not exist'));
    await expect(channelWith().fetchMedia(ref())).rejects.toMatchObject({ reason: 'unavailable', retryable: false });
    nock(GRAPH).get('/v21.0/1003000000000001').times(5).reply(503, graphError(2, 'Service temporarily unavailable'));
    await expect(channelWith().fetchMedia(ref())).rejects.toMatchObject({ reason: 'failed', retryable: true });
  });
});
