import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InboundMediaError, type Channel, type InboundMedia } from '../../../src/channels/port';
import type { InboundMessage, MediaRef } from '../../../src/domain/message';
import type { LiveEvent } from '../../../src/events/port';
import { FileMediaStore } from '../../../src/media/files';
import { startTestBot, type TestBot } from '../../support/testBot';

/** A channel whose files the test hands out: the bytes, or a failure, per try. */
class FileChannel implements Channel {
  readonly name = 'files-test';
  readonly tries: string[] = [];
  /** The message ids the channel was asked about: its own ids, not the stored `channel:id`. */
  readonly asked: string[] = [];
  answers: (() => Promise<InboundMedia>)[] = [];
  async send() {
    return { channelMessageId: `out-${Math.random()}` };
  }
  async fetchMedia(message: { id: string; media: MediaRef }): Promise<InboundMedia> {
    this.tries.push(message.media.mediaId ?? message.id);
    this.asked.push(message.id);
    const next = this.answers.shift();
    if (!next) throw new Error('no answer prepared');
    return next();
  }
}

const PHOTO = Buffer.from('a photo of a damaged parcel');
const sha = (bytes: Buffer, encoding: 'hex' | 'base64' = 'hex') => createHash('sha256').update(bytes).digest(encoding);

describe('the media download job', () => {
  let bot: TestBot;
  let channel: FileChannel;
  let root: string;
  const events: LiveEvent[] = [];
  beforeEach(async () => {
    root = mkdtempSync(path.join(os.tmpdir(), 'inbound-media-'));
    channel = new FileChannel();
    bot = await startTestBot({ overrides: { channels: [channel], media: new FileMediaStore(path.join(root, 'media')) } });
    events.length = 0;
    bot.runtime.events.subscribe((event) => events.push(event));
  });
  afterEach(async () => {
    await bot.stop();
    rmSync(root, { recursive: true, force: true });
  });

  /** A customer's photo through the queue; resolves once its download job has ended. */
  async function receive(id: string, media: Partial<MediaRef> = {}): Promise<void> {
    const message: InboundMessage = { id, channel: channel.name, from: '8801711000001', timestamp: Date.now(), content: { type: 'media', media: { kind: 'image', mediaId: `m-${id}`, mimeType: 'image/jpeg', ...media } } };
    await bot.runtime.queue.add('inbound', message, { key: `${channel.name}:${message.from}`, jobId: `t:${id}` });
    await bot.runtime.queue.waitFor('inbound', `t:${id}`, 10_000);
    await bot.runtime.queue.waitFor('media', `media:${channel.name}:${id}`, 60_000);
  }

  it('keeps the file when its bytes match the SHA-256 the channel declared (hex or base64), and records it', async () => {
    channel.answers.push(async () => ({ bytes: PHOTO, mimeType: 'image/jpeg', sha256: sha(PHOTO, 'base64') }));
    await receive('wamid.P1');
    expect((await bot.runtime.media.get('files-test:wamid.P1'))?.bytes.equals(PHOTO)).toBe(true);
    expect(channel.asked).toEqual(['wamid.P1']);
    expect(await bot.runtime.store.messages.get('files-test:wamid.P1')).toMatchObject({ media: { status: 'stored', size: PHOTO.length, mimeType: 'image/jpeg' } });
  });

  it('fetches again when the bytes do not match, and keeps nothing damaged', async () => {
    channel.answers.push(async () => ({ bytes: Buffer.from('cut sho'), sha256: sha(PHOTO) }), async () => ({ bytes: PHOTO, sha256: sha(PHOTO) }));
    await receive('wamid.P2');
    expect(channel.tries).toHaveLength(2);
    expect((await bot.runtime.media.get('files-test:wamid.P2'))?.bytes.equals(PHOTO)).toBe(true);
  });

  it('records a file over the limit as too large, at once, with its size, and keeps nothing', async () => {
    channel.answers.push(async () => {
      throw new InboundMediaError('too_large', 'over', { seenBytes: 40_000_000, maxBytes: 16_777_216 });
    });
    await receive('wamid.BIG', { kind: 'video', mimeType: 'video/mp4' });
    expect(channel.tries).toHaveLength(1);
    expect(await bot.runtime.media.get('files-test:wamid.BIG')).toBeNull();
    expect(await bot.runtime.store.messages.get('files-test:wamid.BIG')).toMatchObject({ media: { status: 'too_large', size: 40_000_000, reason: 'larger than the limit of 16777216 bytes' } });
  });

  it('records a file the channel no longer has as failed, without retrying', async () => {
    channel.answers.push(async () => {
      throw new InboundMediaError('unavailable', '100: Object with ID does not exist');
    });
    await receive('wamid.GONE');
    expect(channel.tries).toHaveLength(1);
    expect(await bot.runtime.store.messages.get('files-test:wamid.GONE')).toMatchObject({ media: { status: 'failed', reason: 'WhatsApp no longer has this file' } });
  });

  it('retries passing faults and records a failure after the last try', async () => {
    for (let i = 0; i < 5; i++) channel.answers.push(async () => {
      throw new InboundMediaError('failed', 'ETIMEDOUT');
    });
    await receive('wamid.FLAKY');
    expect(channel.tries).toHaveLength(5);
    expect(await bot.runtime.store.messages.get('files-test:wamid.FLAKY')).toMatchObject({ media: { status: 'failed', reason: 'the download kept failing' } });
  }, 120_000);

  it('a redelivered message does not fetch its file twice', async () => {
    channel.answers.push(async () => ({ bytes: PHOTO }));
    await receive('wamid.TWICE');
    await receive('wamid.TWICE');
    expect(channel.tries).toHaveLength(1);
  });

  it('keeps no file of a message the customer deleted while it was downloading', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    channel.answers.push(async () => {
      await gate;
      return { bytes: PHOTO };
    });
    const message: InboundMessage = { id: 'wamid.DEL', channel: channel.name, from: '8801711000001', timestamp: Date.now(), content: { type: 'media', media: { kind: 'image', mediaId: 'm-del' } } };
    await bot.runtime.engine.handle(message);
    const download = bot.runtime.queue.add('media', { channel: channel.name, messageId: 'files-test:wamid.DEL' }, { jobId: 'media:del' });
    await download;
    await bot.runtime.engine.handle({ id: 'wamid.REVOKE', channel: channel.name, from: '8801711000001', timestamp: Date.now(), content: { type: 'revoke', messageId: 'wamid.DEL' } });
    release();
    await bot.runtime.queue.waitFor('media', 'media:del', 10_000);
    expect(await bot.runtime.media.get('files-test:wamid.DEL')).toBeNull();
    expect(await bot.runtime.store.messages.get('files-test:wamid.DEL')).not.toHaveProperty('media');
  });
});
