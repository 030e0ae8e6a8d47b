/**
 * The slice of whatsapp-web.js this channel uses, as structural types, plus the default
 * factories over the real library. Tests hand the channel an EventEmitter with these methods
 * instead of a browser.
 *
 * whatsapp-web.js is loaded lazily (inside the factories), not imported at the top: it pulls
 * in puppeteer, and a process started with WHATSAPP_MODE=cloud should not pay for that.
 */

import { fetchMedia, MediaFetchError, type MediaFetchLimits } from './mediaFetch';

/** A whatsapp-web.js Chat, as far as acknowledging a message needs it. */
export interface ChatLike {
  sendSeen(): Promise<unknown>;
  sendStateTyping(): Promise<unknown>;
}

/** What `client.sendMessage` resolves to; the library returns undefined when it found no chat. */
export interface SentMessageLike {
  id: { _serialized: string };
}

/** A received message looked up again, to download its media (whatsapp-web.js `Message`). */
export interface DownloadableMessageLike {
  _data?: { size?: number };
  /** base64 `data`; the library resolves to nothing when the file cannot be had any more. */
  downloadMedia(): Promise<{ mimetype?: string; data?: string; filename?: string | null } | undefined>;
}

/** The events and methods of whatsapp-web.js's `Client` that the channel relies on. */
export interface ClientLike {
  on(event: string, listener: (...args: any[]) => void): unknown;
  initialize(): Promise<unknown>;
  destroy(): Promise<unknown>;
  sendMessage(chatId: string, content: unknown, options?: Record<string, unknown>): Promise<SentMessageLike | null | undefined>;
  getChatById(chatId: string): Promise<ChatLike>;
  /** Set by the library once 'ready' fired: the linked account. */
  info?: { wid?: { user?: string; _serialized?: string }; pushname?: string } | null;
  /** A message by its serialized id, or null when WhatsApp Web does not have it. */
  getMessageById?(messageId: string): Promise<DownloadableMessageLike | null | undefined>;
  /** whatsapp-web.js ≥ 1.30: maps a privacy id (`…@lid`) to the phone number behind it. */
  getContactLidAndPhone?(userIds: string[]): Promise<Array<{ lid?: string; pn?: string }>>;
}

export interface CreateClientOptions {
  /** LocalAuth keeps the linked session here (DATA_DIR/whatsapp-web), so a restart needs no new QR. */
  sessionDir: string;
  /** Debian's /usr/bin/chromium: puppeteer's own browser download is skipped on purpose. */
  chromiumPath: string;
}

export type CreateClient = (options: CreateClientOptions) => ClientLike;

export interface MediaFromUrlOptions {
  filename?: string;
  mimeType?: string;
}

/** Fetches a URL into whatever `client.sendMessage` accepts as media (a MessageMedia). */
export type MediaFromUrl = (url: string, options: MediaFromUrlOptions) => Promise<unknown>;

type WhatsAppWebLibrary = typeof import('whatsapp-web.js');

function loadLibrary(): WhatsAppWebLibrary {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy on purpose, see the header
  return require('whatsapp-web.js') as WhatsAppWebLibrary;
}

/**
 * `--no-sandbox`: the bot usually runs as root in a container, where Chromium's sandbox cannot
 * start. `--disable-dev-shm-usage`: Docker's 64 MB /dev/shm makes WhatsApp Web's tab crash.
 * `--disable-gpu`: servers have none.
 */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'];

export const createLibraryClient: CreateClient = ({ sessionDir, chromiumPath }) => {
  const { Client, LocalAuth } = loadLibrary();
  return new Client({
    authStrategy: new LocalAuth({ dataPath: sessionDir }),
    puppeteer: { executablePath: chromiumPath, headless: true, args: CHROMIUM_ARGS },
  });
};

/**
 * Media by link, through the process's transport (mediaFetch.ts: the link rule, public
 * addresses only, redirects checked hop by hop, size and time capped), handed to the library
 * as bytes. The library's own MessageMedia.fromUrl is not used: it follows redirects wherever
 * they lead.
 */
export function mediaFromUrlWithLibrary(limits: MediaFetchLimits): MediaFromUrl {
  return async (url, { filename, mimeType }) => {
    const fetched = await fetchMedia(url, limits);
    const type = fetched.mimeType ?? mimeType;
    if (!type) throw new MediaFetchError('the server did not say what kind of file it is', false);
    const { MessageMedia } = loadLibrary();
    return new MessageMedia(type, fetched.bytes.toString('base64'), filename ?? fetched.filename ?? null, fetched.bytes.length);
  };
}
