import { EventEmitter } from 'node:events';
import type { ChatLike, ClientLike, CreateClientOptions, DownloadableMessageLike, SentMessageLike, SetTimer, TimerPurpose } from '../../../src/channels/whatsapp-web';

/**
 * A stand-in for whatsapp-web.js's Client: an EventEmitter with the methods the channel calls.
 * Tests drive it with `emit('qr' | 'ready' | 'message' | 'disconnected' | …)` exactly as the
 * library does, and read what was sent from `sent`.
 */
export class FakeClient extends EventEmitter implements ClientLike {
  readonly sent: { chatId: string; content: unknown; options?: Record<string, unknown> }[] = [];
  readonly chats = new Map<string, { seen: number; typing: number }>();
  initializeCalls = 0;
  destroyCalls = 0;
  info: ClientLike['info'] = null;
  /** Set to make the next sends fail / resolve to nothing, as the library can. */
  sendFailure: Error | null = null;
  sendReturnsNothing = false;
  initializeResult: Promise<void> = new Promise(() => {}); // the real one resolves only after load
  lids = new Map<string, string>();
  /** Messages getMessageById finds: their declared size and what downloadMedia resolves to (or throws). */
  stored = new Map<string, { size?: number; media?: { mimetype?: string; data?: string; filename?: string | null } | Error }>();

  constructor(readonly options: CreateClientOptions) {
    super();
  }

  initialize(): Promise<void> {
    this.initializeCalls += 1;
    return this.initializeResult;
  }

  async destroy(): Promise<void> {
    this.destroyCalls += 1;
  }

  async sendMessage(chatId: string, content: unknown, options?: Record<string, unknown>): Promise<SentMessageLike | undefined> {
    if (this.sendFailure) throw this.sendFailure;
    if (this.sendReturnsNothing) return undefined;
    this.sent.push({ chatId, content, options });
    return { id: { _serialized: `true_${chatId}_3EB0SENT${this.sent.length}` } };
  }

  async getChatById(chatId: string): Promise<ChatLike> {
    const record = this.chats.get(chatId) ?? { seen: 0, typing: 0 };
    this.chats.set(chatId, record);
    return {
      sendSeen: async () => {
        record.seen += 1;
        return true;
      },
      sendStateTyping: async () => {
        record.typing += 1;
      },
    };
  }

  async getMessageById(messageId: string): Promise<DownloadableMessageLike | null> {
    const found = this.stored.get(messageId);
    if (!found) return null;
    return {
      _data: { size: found.size },
      downloadMedia: async () => {
        if (found.media instanceof Error) throw found.media;
        return found.media;
      },
    };
  }

  async getContactLidAndPhone(ids: string[]): Promise<Array<{ lid?: string; pn?: string }>> {
    return ids.map((lid) => ({ lid, pn: this.lids.get(lid) }));
  }

  /** What the library does once the phone is linked and the chats are loaded. */
  becomeReady(number = '8801900000000'): void {
    this.info = { wid: { user: number, _serialized: `${number}@c.us` }, pushname: 'Rahim Store' };
    this.emit('authenticated');
    this.emit('ready');
  }
}

/** Records every client the channel creates, newest last. */
export function clientFactory(): { create: (options: CreateClientOptions) => FakeClient; clients: FakeClient[]; latest: () => FakeClient } {
  const clients: FakeClient[] = [];
  return {
    clients,
    create: (options) => {
      const client = new FakeClient(options);
      clients.push(client);
      return client;
    },
    latest: () => clients[clients.length - 1],
  };
}

/** Timers that never fire on their own: tests see the delays asked for and fire them by hand. */
export class ManualTimers {
  readonly scheduled: { ms: number; purpose: TimerPurpose; fire: () => void; cancelled: boolean; fired: boolean }[] = [];

  readonly set: SetTimer = (callback, ms, purpose) => {
    const entry = { ms, purpose, cancelled: false, fired: false, fire: () => {} };
    entry.fire = () => {
      if (entry.cancelled || entry.fired) throw new Error(`timer (${purpose}, ${ms} ms) is not pending`);
      entry.fired = true;
      callback();
    };
    this.scheduled.push(entry);
    return { cancel: () => void (entry.cancelled = true) };
  };

  delays(purpose: TimerPurpose): number[] {
    return this.scheduled.filter((t) => t.purpose === purpose).map((t) => t.ms);
  }

  pending(purpose: TimerPurpose) {
    return this.scheduled.filter((t) => t.purpose === purpose && !t.cancelled && !t.fired);
  }

  /** Fires the one pending timer of that purpose. */
  fire(purpose: TimerPurpose): void {
    const pending = this.pending(purpose);
    if (pending.length !== 1) throw new Error(`expected one pending ${purpose} timer, found ${pending.length}`);
    pending[0].fire();
  }
}

export { RecordingQueue, type RecordedAdd } from '../../support/recordingQueue';

export { memoryLogger } from '../../support/memoryLogger';

/** Lets pending promise callbacks (event handlers, queue adds) run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
