import { InboundMediaError, type Channel } from '../channels/port';
import { matchesSha256 } from '../domain/checksum';
import { channelMessageIdOf, storedMessageId, type ChannelName, type InboundMessage } from '../domain/message';
import type { InboundEntry, InboundMediaState } from '../domain/transcript';
import type { LiveEvents } from '../events/port';
import type { MediaStore } from '../media/port';
import type { Logger } from '../observability/logger';
import type { JobContext, QueuedJob } from '../queue/port';
import type { Store } from '../store/port';
import { publishChatMessage } from './chatEvents';

/** A customer's media message whose file is to be fetched and kept. */
export interface MediaJob {
  channel: ChannelName;
  /** The message as stored: `channel:id` (domain/message.ts storedMessageId). */
  messageId: string;
}

/** Tries of one download: passing faults (network, rate limits, a corrupted transfer) get this many. */
export const MEDIA_ATTEMPTS = 5;

/**
 * The download job of a message, when it carries a file. Queued after the message was handled
 * (the bot's answer never waits for a file), with an id that makes a redelivery a duplicate.
 */
export function mediaJobOf(message: InboundMessage): QueuedJob<MediaJob> | undefined {
  if (message.content.type !== 'media') return undefined;
  return { topic: 'media', payload: { channel: message.channel, messageId: storedMessageId(message) }, options: { jobId: `media:${message.channel}:${message.id}`, attempts: MEDIA_ATTEMPTS } };
}

export interface MediaDownloadDeps {
  store: Store;
  media: MediaStore;
  channels: Map<ChannelName, Channel>;
  events: LiveEvents;
  logger: Logger;
  clock?: () => number;
}

/**
 * The consumer of the `media` topic: fetches the file of a customer's message from its channel
 * (within the channel's size limit), checks it against the SHA-256 the channel declared, keeps
 * it in the MediaStore and records on the message what became of it, so the console can show
 * the photo, play the voice note, or say why there is no file. Passing faults are retried;
 * the last try, a file too large or one gone for good are recorded and shown to the agent.
 */
export function createMediaDownloader(deps: MediaDownloadDeps): (job: MediaJob, context: JobContext) => Promise<void> {
  const clock = deps.clock ?? Date.now;
  return async (job, context) => {
    const entry = await deps.store.messages.get(job.messageId);
    if (entry?.direction !== 'in' || entry.content.type !== 'media' || entry.deletedAt || entry.media) return;
    const log = deps.logger.child({ messageId: entry.id, channel: entry.channel, conversationId: entry.conversationId });
    const lastTry = context.attempt >= MEDIA_ATTEMPTS;
    const record = (state: Omit<InboundMediaState, 'at'>) => recordState(deps, entry, { ...state, at: clock() });

    const kept = await deps.media.describe(entry.id); // an earlier run stored it and died before recording
    if (kept) return record({ status: 'stored', size: kept.size, mimeType: kept.mimeType });
    const channel = deps.channels.get(job.channel);
    if (!channel?.fetchMedia) return record({ status: 'failed', reason: `the ${job.channel} channel cannot fetch files` });

    let fetched;
    try {
      fetched = await channel.fetchMedia({ id: channelMessageIdOf(entry), media: entry.content.media });
    } catch (error) {
      const failure = error instanceof InboundMediaError ? error : new InboundMediaError('failed', (error as Error).message);
      if (failure.reason === 'too_large') {
        log.info('customer file not kept: over the size limit', failure.sizes);
        return record({ status: 'too_large', size: failure.sizes?.seenBytes, reason: failure.sizes ? `larger than the limit of ${failure.sizes.maxBytes} bytes` : 'larger than the size limit' });
      }
      if (failure.retryable && !lastTry) throw failure;
      log.warn('customer file could not be downloaded', { reason: failure.reason, error: failure.message, attempt: context.attempt });
      return record({ status: 'failed', reason: failure.reason === 'unavailable' ? 'WhatsApp no longer has this file' : 'the download kept failing' });
    }
    if (fetched.sha256 && !matchesSha256(fetched.bytes, fetched.sha256)) {
      // A transfer cut short or altered: fetch it again; never keep bytes that are not the file.
      if (!lastTry) throw new Error(`media ${entry.id}: the bytes do not match the SHA-256 the channel declared`);
      log.error('customer file refused: its bytes never matched the declared SHA-256', { attempts: context.attempt });
      return record({ status: 'failed', reason: 'the file arrived damaged' });
    }
    const mimeType = fetched.mimeType ?? entry.content.media.mimeType ?? 'application/octet-stream';
    const stored = await deps.media.put({ messageId: entry.id, conversationId: entry.conversationId, customerId: entry.customerId, mimeType, filename: fetched.filename ?? entry.content.media.filename }, fetched.bytes);
    await record({ status: 'stored', size: stored.size, mimeType: stored.mimeType });
  };
}

/**
 * Writes the state on the message and tells a watching agent. A message the customer deleted
 * while its file was downloading keeps no file.
 */
async function recordState(deps: MediaDownloadDeps, entry: InboundEntry, state: InboundMediaState): Promise<void> {
  const amended = await deps.store.messages.amendInbound(entry.id, { media: state });
  if (!amended || amended.deletedAt) {
    await deps.media.delete(entry.id);
    if (amended?.deletedAt) await deps.store.messages.amendInbound(entry.id, { media: undefined });
    return;
  }
  await publishChatMessage(deps, await deps.store.conversations.get(entry.conversationId), state.at, { messageId: entry.id, media: state.status });
}
