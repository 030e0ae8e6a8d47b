import { ChannelSendError } from '../../../src/channels/port';
import { WhatsAppWebChannel, type WhatsAppWebChannelOptions } from '../../../src/channels/whatsapp-web';
import type { InboundMessage, OutboundContent, OutboundMessage } from '../../../src/domain/message';
import { CUSTOMER, libraryMessage } from './fixtures';
import { clientFactory, ManualTimers, memoryLogger, RecordingQueue, settle } from './support';

function setup(overrides: Partial<WhatsAppWebChannelOptions> = {}, queue = new RecordingQueue()) {
  const factory = clientFactory();
  const timers = new ManualTimers();
  const { logger, entries } = memoryLogger();
  const sleeps: number[] = [];
  const qrs: string[] = [];
  const media: { url: string; options: unknown }[] = [];
  const channel = new WhatsAppWebChannel({
    queue,
    logger,
    sessionDir: '/data/whatsapp-web',
    chromiumPath: '/usr/bin/chromium',
    createClient: factory.create,
    mediaFromUrl: async (url, options) => {
      media.push({ url, options });
      return { fake: 'MessageMedia', url };
    },
    setTimer: timers.set,
    sleep: async (ms) => void sleeps.push(ms),
    random: () => 1, // no jitter: the delays below are the caps
    printQr: (qr) => void qrs.push(qr),
    ...overrides,
  });
  return { channel, factory, timers, logger, entries, sleeps, qrs, media, queue };
}

async function readyChannel(overrides: Partial<WhatsAppWebChannelOptions> = {}) {
  const env = setup(overrides);
  await env.channel.start();
  env.factory.latest().becomeReady();
  return env;
}

function outbound(content: OutboundContent, extra: Partial<OutboundMessage> = {}): OutboundMessage {
  return { id: 'out-1', conversationId: 'c-1', channel: 'whatsapp-web', to: CUSTOMER, content, sender: 'bot', createdAt: 0, ...extra };
}

describe('start, QR code and readiness', () => {
  it('creates the client with the session folder and Chromium path, initialises it and returns at once', async () => {
    const { channel, factory } = setup();
    await channel.start();
    expect(factory.clients).toHaveLength(1);
    expect(factory.latest().options).toEqual({ sessionDir: '/data/whatsapp-web', chromiumPath: '/usr/bin/chromium' });
    expect(factory.latest().initializeCalls).toBe(1);
    expect(channel.state()).toBe('starting');
    await expect(channel.ping()).rejects.toThrow('whatsapp-web is not ready (state: starting)');
  });

  it('keeps the latest QR code, prints it, and logs a line without it', async () => {
    const { channel, factory, qrs, entries } = setup();
    await channel.start();
    factory.latest().emit('qr', '2@first,abc=,def=,ghi=');
    factory.latest().emit('qr', '2@second,abc=,def=,ghi=');
    expect(channel.state()).toBe('qr');
    expect(channel.latestQr()).toBe('2@second,abc=,def=,ghi=');
    expect(qrs).toEqual(['2@first,abc=,def=,ghi=', '2@second,abc=,def=,ghi=']);
    const qrLines = entries.filter((e) => /scan the QR code/.test(e.message));
    expect(qrLines).toHaveLength(1);
    expect(JSON.stringify(entries)).not.toContain('2@first');
  });

  it('after scanning: the QR code is gone, ready, ping passes, the linked number is known', async () => {
    const { channel, factory, timers } = setup();
    await channel.start();
    factory.latest().emit('qr', '2@code');
    factory.latest().becomeReady('8801900000000');
    expect(channel.state()).toBe('ready');
    expect(channel.latestQr()).toBeNull();
    expect(channel.linkedNumber()).toBe('8801900000000');
    await expect(channel.ping()).resolves.toBeUndefined();
    expect(timers.pending('startup')).toHaveLength(0);
  });

  it('refuses to start when the default browser is missing, with the fix in the message', async () => {
    const { channel } = setup({ createClient: undefined, chromiumPath: '/nowhere/chromium' });
    await expect(channel.start()).rejects.toThrow(/apt-get install -y chromium/);
  });
});

describe('inbound messages', () => {
  it('maps and queues a customer message under the per-customer key and the message id', async () => {
    const { channel, factory, queue } = await readyChannel();
    factory.latest().emit('message', libraryMessage('chat'));
    await channel.drainInbound();
    expect(queue.adds).toEqual([
      {
        topic: 'inbound',
        payload: expect.objectContaining({ id: `false_${CUSTOMER}@c.us_3A0001CHAT`, from: CUSTOMER, content: { type: 'text', text: 'আমার অর্ডার কোথায়?' } }),
        options: { key: `whatsapp-web:${CUSTOMER}`, jobId: `whatsapp-web:false_${CUSTOMER}@c.us_3A0001CHAT` },
      },
    ]);
  });

  it('queues a customer\'s edit and deletion of an earlier message as notices naming it, in the customer\'s order', async () => {
    const { channel, factory, queue } = await readyChannel();
    const original = `false_${CUSTOMER}@c.us_3A0001CHAT`;
    factory.latest().emit('message_edit', libraryMessage('chat'), 'আমার অর্ডার 204518 কোথায়?', 'আমার অর্ডার কোথায়?');
    factory.latest().emit('message_revoke_everyone', libraryMessage('chat'), null);
    factory.latest().emit('message_edit', { ...libraryMessage('chat'), fromMe: true }, 'ours', 'ours');
    await channel.drainInbound();
    expect(queue.adds.map((add) => [add.options?.key, add.payload.content])).toEqual([
      [`whatsapp-web:${CUSTOMER}`, { type: 'edit', messageId: original, content: { type: 'text', text: 'আমার অর্ডার 204518 কোথায়?' } }],
      [`whatsapp-web:${CUSTOMER}`, { type: 'revoke', messageId: original }],
    ]);
    expect(queue.adds[0].payload.id).not.toBe(original);
  });

  it('does not queue its own, group, status, newsletter or notice messages, nor crash on garbage', async () => {
    const { channel, factory, queue } = await readyChannel();
    for (const name of ['from_me', 'group', 'status', 'newsletter', 'e2e_notification', 'ciphertext'] as const) {
      factory.latest().emit('message', libraryMessage(name));
    }
    factory.latest().emit('message', null);
    factory.latest().emit('message', { from: `${CUSTOMER}@c.us`, type: 'chat' }); // no id: mapping throws
    await settle();
    await channel.drainInbound();
    expect(queue.adds).toEqual([]);
  });

  it('a queue that refuses twice: retried with backoff, queued exactly once', async () => {
    const queue = new RecordingQueue(2);
    const { channel, factory, sleeps, entries } = setup({}, queue);
    await channel.start();
    factory.latest().becomeReady();
    factory.latest().emit('message', libraryMessage('chat'));
    await channel.drainInbound();
    expect(queue.attempts).toBe(3);
    expect(queue.adds).toHaveLength(1);
    expect(sleeps).toEqual([1000, 2000]);
    expect(entries.filter((e) => e.level === 'error' && /retrying/.test(e.message))).toHaveLength(2);
  });

  it('a customer\'s next message waits for the retried one (order is kept)', async () => {
    const queue = new RecordingQueue(1);
    const { channel, factory } = setup({}, queue);
    await channel.start();
    factory.latest().becomeReady();
    factory.latest().emit('message', libraryMessage('chat'));
    factory.latest().emit('message', libraryMessage('quoted_reply'));
    await channel.drainInbound();
    expect(queue.adds.map((a) => a.payload.id)).toEqual([`false_${CUSTOMER}@c.us_3A0001CHAT`, `false_${CUSTOMER}@c.us_3A0013QUOTE`]);
  });

  it('gives up after the last retry and says the message is lost', async () => {
    const queue = new RecordingQueue(99);
    const { channel, factory, sleeps, entries } = setup({}, queue);
    await channel.start();
    factory.latest().emit('message', libraryMessage('chat'));
    await channel.drainInbound();
    expect(sleeps).toEqual([1000, 2000, 4000, 8000]);
    expect(queue.adds).toEqual([]);
    expect(entries.some((e) => e.level === 'error' && /lost/.test(e.message))).toBe(true);
  });

  it('a sender behind a privacy id is queued under the phone number WhatsApp resolves', async () => {
    const { channel, factory, queue } = await readyChannel();
    factory.latest().lids.set('140737488355328@lid', `${CUSTOMER}@c.us`);
    factory.latest().emit('message', libraryMessage('lid_chat'));
    await channel.drainInbound();
    expect(queue.adds[0].payload.from).toBe(CUSTOMER);
  });
});

describe('send', () => {
  it('text to <number>@c.us, returning the serialised id', async () => {
    const { channel, factory } = await readyChannel();
    await expect(channel.send(outbound({ type: 'text', text: 'Hello' }))).resolves.toEqual({ channelMessageId: `true_${CUSTOMER}@c.us_3EB0SENT1` });
    expect(factory.latest().sent).toEqual([{ chatId: `${CUSTOMER}@c.us`, content: 'Hello', options: { sendSeen: false } }]);
  });

  it('buttons as a numbered text menu, in the customer\'s language', async () => {
    const { channel, factory } = await readyChannel();
    const content: OutboundContent = { type: 'buttons', text: 'কী দরকার?', buttons: [{ id: 'a', title: 'দাম' }, { id: 'b', title: 'ডেলিভারি' }] };
    await channel.send(outbound(content, { locale: 'bn' }));
    expect(factory.latest().sent[0].content).toBe('কী দরকার?\n\n1. দাম\n2. ডেলিভারি\n\n_একটি সংখ্যা লিখে উত্তর দিন_');
  });

  it('media through the media factory (no network), with caption and document flag', async () => {
    const { channel, factory, media } = await readyChannel();
    const content: OutboundContent = { type: 'media', media: { kind: 'document', url: 'https://cdn.example/catalog.pdf', filename: 'catalog.pdf', caption: 'Catalogue' } };
    await channel.send(outbound(content));
    expect(media).toEqual([{ url: 'https://cdn.example/catalog.pdf', options: { filename: 'catalog.pdf', mimeType: undefined } }]);
    expect(factory.latest().sent[0]).toEqual({
      chatId: `${CUSTOMER}@c.us`,
      content: { fake: 'MessageMedia', url: 'https://cdn.example/catalog.pdf' },
      options: { sendSeen: false, caption: 'Catalogue', sendMediaAsDocument: true },
    });
  });

  it('a retried job does not send a part that already went out', async () => {
    const { channel, factory } = await readyChannel();
    const voice: OutboundContent = { type: 'media', media: { kind: 'voice', url: 'https://cdn.example/hi.ogg', caption: 'Listen' } };
    let calls = 0;
    const original = factory.latest().sendMessage.bind(factory.latest());
    factory.latest().sendMessage = async (...args) => {
      if (++calls === 2) throw new Error('Evaluation failed: page crashed');
      return original(...args);
    };
    await expect(channel.send(outbound(voice))).rejects.toBeInstanceOf(ChannelSendError);
    await expect(channel.send(outbound(voice))).resolves.toEqual({ channelMessageId: `true_${CUSTOMER}@c.us_3EB0SENT1` });
    expect(factory.latest().sent.map((s) => s.options)).toEqual([{ sendSeen: false, sendAudioAsVoice: true }, { sendSeen: false }]);
  });

  it('not ready: a retryable WA_WEB_NOT_READY with the state', async () => {
    const { channel, factory } = setup();
    await channel.start();
    factory.latest().emit('qr', '2@code');
    const error = await channel.send(outbound({ type: 'text', text: 'Hello' })).catch((e) => e);
    expect(error).toBeInstanceOf(ChannelSendError);
    expect(error.error).toEqual({ code: 'WA_WEB_NOT_READY', title: 'WhatsApp Web is not connected (state: qr)', retryable: true });
    expect(factory.latest().sent).toEqual([]);
  });

  it('library failures are retryable; an unknown chat and an unsendable message are not', async () => {
    const { channel, factory } = await readyChannel();
    factory.latest().sendFailure = new Error('Evaluation failed: TypeError: window.WWebJS is undefined');
    await expect(channel.send(outbound({ type: 'text', text: 'x' }))).rejects.toMatchObject({
      error: { code: 'WA_WEB_SEND_FAILED', title: 'Evaluation failed: TypeError: window.WWebJS is undefined', retryable: true },
    });
    factory.latest().sendFailure = null;
    factory.latest().sendReturnsNothing = true;
    await expect(channel.send(outbound({ type: 'text', text: 'x' }, { id: 'out-2' }))).rejects.toMatchObject({ error: { code: 'WA_WEB_NO_CHAT', retryable: false } });
    const noLink: OutboundContent = { type: 'media', media: { kind: 'image', mediaId: '12345' } };
    await expect(channel.send(outbound(noLink, { id: 'out-3' }))).rejects.toMatchObject({ error: { code: 'WA_WEB_FORMAT', retryable: false } });
  });
});

describe('acknowledge', () => {
  const inbound = (content: InboundMessage['content']): InboundMessage => ({ id: 'm1', channel: 'whatsapp-web', from: CUSTOMER, timestamp: 0, content });

  it('marks the chat seen and shows typing', async () => {
    const { channel, factory } = await readyChannel();
    await channel.acknowledge(inbound({ type: 'text', text: 'hi' }));
    expect(factory.latest().chats.get(`${CUSTOMER}@c.us`)).toEqual({ seen: 1, typing: 1 });
  });

  it('never throws, and does nothing for system notices or before ready', async () => {
    const { channel, factory, entries } = await readyChannel();
    await channel.acknowledge(inbound({ type: 'system', detail: 'x' }));
    expect(factory.latest().chats.size).toBe(0);
    factory.latest().getChatById = async () => {
      throw new Error('chat not found');
    };
    await expect(channel.acknowledge(inbound({ type: 'text', text: 'hi' }))).resolves.toBeUndefined();
    expect(entries.some((e) => e.level === 'warn' && /mark the chat read/.test(e.message))).toBe(true);
  });
});

describe('fetchMedia: a customer\'s file through the linked phone', () => {
  const PHOTO_ID = 'false_8801711000001@c.us_3EB0PHOTO';
  const ref = { id: PHOTO_ID, media: { kind: 'image' as const, mediaId: PHOTO_ID, mimeType: 'image/jpeg' } };

  it('downloads the message\'s media and hands over its bytes, type and name', async () => {
    const { channel, factory } = await readyChannel();
    factory.latest().stored.set(PHOTO_ID, { size: 4, media: { mimetype: 'image/jpeg', data: Buffer.from('JPEG').toString('base64'), filename: 'parcel.jpg' } });
    const fetched = await channel.fetchMedia(ref);
    expect(fetched.bytes.toString()).toBe('JPEG');
    expect(fetched).toMatchObject({ mimeType: 'image/jpeg', filename: 'parcel.jpg' });
  });

  it('refuses a file over the limit before downloading it, and one whose bytes turn out larger', async () => {
    const { channel, factory } = await readyChannel({ mediaMaxBytes: 10 });
    factory.latest().stored.set(PHOTO_ID, { size: 5000, media: new Error('must not download') });
    await expect(channel.fetchMedia(ref)).rejects.toMatchObject({ name: 'InboundMediaError', reason: 'too_large', sizes: { seenBytes: 5000, maxBytes: 10 } });
    factory.latest().stored.set(PHOTO_ID, { media: { mimetype: 'image/jpeg', data: Buffer.alloc(11).toString('base64') } });
    await expect(channel.fetchMedia(ref)).rejects.toMatchObject({ reason: 'too_large' });
  });

  it('says unavailable when the phone no longer has the message or its file, failed (retry) when not connected or the download broke', async () => {
    const { channel, factory } = setup();
    await expect(channel.fetchMedia(ref)).rejects.toMatchObject({ reason: 'failed', retryable: true });
    await channel.start();
    factory.latest().becomeReady();
    await expect(channel.fetchMedia(ref)).rejects.toMatchObject({ reason: 'unavailable', retryable: false });
    factory.latest().stored.set(PHOTO_ID, { media: undefined });
    await expect(channel.fetchMedia(ref)).rejects.toMatchObject({ reason: 'unavailable' });
    factory.latest().stored.set(PHOTO_ID, { media: new Error('Evaluation failed') });
    await expect(channel.fetchMedia(ref)).rejects.toMatchObject({ reason: 'failed' });
  });
});
