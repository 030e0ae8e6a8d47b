import { existsSync } from 'node:fs';
import qrcodeTerminal from 'qrcode-terminal';
import { isCustomerNotice, type InboundMessage, type MediaRef, type OutboundMessage } from '../../domain/message';
import type { Logger } from '../../observability/logger';
import type { Queue } from '../../queue/port';
import { ChannelSendError, type Channel, type ChannelRoute, type InboundMedia, type SendResult } from '../port';
import { chatIdFor } from './addresses';
import type { BackoffOptions } from './backoff';
import { WhatsAppWebConnection, type ConnectionState, type SetTimer, type WebMessageChange } from './connection';
import { toWebParts, WebOutboundFormatError, type WebOutboundPart } from './formatOutbound';
import { errorText, InboundRelay } from './inboundRelay';
import { createLibraryClient, mediaFromUrlWithLibrary, type ClientLike, type CreateClient, type MediaFromUrl } from './libraryClient';
import { ignoreReason, mapChange, mapInbound, type WebMessageLike } from './mapInbound';
import { fetchWebMedia } from './customerMedia';
import { PrivacyIdResolver } from './privacyIds';
import { createWhatsAppWebQrRouter } from './qrPage';
import { MediaFetchError } from './mediaFetch';
import type { HttpTransport } from '../../network/httpTransport';
import { nodeHttpTransport } from '../../network/nodeHttpTransport';

export interface WhatsAppWebChannelOptions {
  queue: Queue;
  logger: Logger;
  /** DATA_DIR/whatsapp-web: the linked session (LocalAuth) lives here. */
  sessionDir: string;
  /** WHATSAPP_WEB_CHROMIUM, /usr/bin/chromium on Debian. */
  chromiumPath: string;
  /** Injectable for tests; the default launches whatsapp-web.js with Chromium headless. */
  createClient?: CreateClient;
  /** Injectable for tests; the default fetches the link over `transport` (mediaFetch.ts). */
  mediaFromUrl?: MediaFromUrl;
  /** The process's outbound HTTP (public addresses only unless configured): attachment links are fetched over it. */
  transport?: HttpTransport;
  /** OUTBOUND_HTTP_HOSTS: hosts whose attachment links may be plain http:. */
  attachmentHttpHosts?: readonly string[];
  /** Largest media file fetched from a customer's message (WHATSAPP_MEDIA_MAX_BYTES). */
  mediaMaxBytes?: number;
  reconnect?: Partial<BackoffOptions>;
  startupTimeoutMs?: number;
  /** Waits between retries of a refused inbound `queue.add`. */
  sleep?: (ms: number) => Promise<void>;
  /** Reconnect and start-up timers. */
  setTimer?: SetTimer;
  random?: () => number;
  /**
   * Where a new QR code is shown. Default: drawn in the terminal when stdout is one, and nowhere
   * otherwise: a redirected stdout is the log, and a QR code in a log links any phone that scans
   * it to the shop's number for as long as the log is kept. The /whatsapp-web page shows it to admins.
   */
  printQr?: (qr: string) => void;
}

/** Keeps retried jobs from sending a part twice (see WhatsAppCloudChannel for the same idea). */
const REMEMBERED_PARTS = 2000;
/** A hint for the outbound retry: WhatsApp Web needs a few seconds to come back, not minutes. */
const NOT_READY_RETRY_AFTER_MS = 5_000;

const printQrInTerminal = (qr: string) => qrcodeTerminal.generate(qr, { small: true }, (drawing) => process.stdout.write(`${drawing}\n`));
const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The Channel port over a WhatsApp account linked by QR code (whatsapp-web.js driving Chromium).
 * The connection's life (QR, ready, reconnect) is in connection.ts, queuing of customer messages
 * in inboundRelay.ts, the message shapes in mapInbound.ts and formatOutbound.ts.
 */
export class WhatsAppWebChannel implements Channel {
  readonly name = 'whatsapp-web' as const;
  /** Not linked yet is reported, not a reason to take the process out of rotation: the owner needs it to link. */
  readonly readiness = 'reported' as const;
  private readonly connection: WhatsAppWebConnection;
  private readonly relay: InboundRelay;
  private readonly sentParts = new Map<string, string>();
  private readonly privacyIds: PrivacyIdResolver;
  private readonly mediaFromUrl: MediaFromUrl;

  constructor(private readonly options: WhatsAppWebChannelOptions) {
    this.mediaFromUrl = options.mediaFromUrl ?? mediaFromUrlWithLibrary({ transport: options.transport ?? nodeHttpTransport, httpHosts: options.attachmentHttpHosts ?? [] });
    this.privacyIds = new PrivacyIdResolver(options.logger);
    this.relay = new InboundRelay({ queue: options.queue, logger: options.logger, sleep: options.sleep ?? sleepFor });
    this.connection = new WhatsAppWebConnection({
      createClient: options.createClient ?? createLibraryClient,
      sessionDir: options.sessionDir,
      chromiumPath: options.chromiumPath,
      logger: options.logger,
      reconnect: options.reconnect,
      startupTimeoutMs: options.startupTimeoutMs,
      setTimer: options.setTimer,
      random: options.random,
      onQr: options.printQr ?? (process.stdout.isTTY ? printQrInTerminal : undefined),
      onMessage: (message, client) => this.onMessage(message, client),
      onChange: (change, client) => this.onChange(change, client),
    });
  }

  /** Launches the browser and returns at once; `ping()` tells when the account is usable. */
  async start(): Promise<void> {
    // Without this check a missing browser shows up only as a reconnect loop in the logs.
    if (!this.options.createClient && !existsSync(this.options.chromiumPath)) {
      throw new Error(`Chromium not found at ${this.options.chromiumPath}: run "apt-get install -y chromium" or set WHATSAPP_WEB_CHROMIUM`);
    }
    this.connection.start();
  }

  async stop(): Promise<void> {
    this.relay.stop();
    await this.connection.stop();
  }

  async ping(): Promise<void> {
    const state = this.connection.state();
    if (state !== 'ready') throw new Error(`whatsapp-web is not ready (state: ${state})`);
  }

  state(): ConnectionState {
    return this.connection.state();
  }

  /** The page that links the shop's phone. Whoever scans its QR code links their WhatsApp to the bot: admins only. */
  routes(): ChannelRoute[] {
    return [{ path: '/whatsapp-web', access: 'admin', handler: createWhatsAppWebQrRouter(this) }];
  }

  /** The QR code to scan, or null when linked (or not started). Not logged: it links a phone. */
  latestQr(): string | null {
    return this.connection.latestQr();
  }

  linkedNumber(): string | null {
    return this.connection.linkedNumber();
  }

  /** Queued customer messages not yet accepted by the queue (tests, shutdown). */
  drainInbound(): Promise<void> {
    return this.relay.drain();
  }

  async send(message: OutboundMessage): Promise<SendResult> {
    const client = this.connection.readyClient();
    if (!client) {
      const title = `WhatsApp Web is not connected (state: ${this.connection.state()})`;
      throw new ChannelSendError({ code: 'WA_WEB_NOT_READY', title, retryable: true }, NOT_READY_RETRY_AFTER_MS);
    }
    let parts: WebOutboundPart[];
    try {
      parts = toWebParts(message);
    } catch (error) {
      if (error instanceof WebOutboundFormatError) throw new ChannelSendError({ code: 'WA_WEB_FORMAT', title: error.message, retryable: false });
      throw error;
    }
    const chatId = chatIdFor(message.to);
    let firstId: string | undefined;
    for (const [index, part] of parts.entries()) {
      const partKey = `${message.id}#${index}`;
      const id = this.sentParts.get(partKey) ?? (await this.sendPart(client, chatId, part));
      this.remember(partKey, id);
      firstId ??= id;
    }
    return { channelMessageId: firstId };
  }

  /** The file of a customer's media message, fetched through the linked phone. */
  fetchMedia(message: { id: string; media: MediaRef }): Promise<InboundMedia> {
    return fetchWebMedia(this.connection.readyClient(), message, this.options.mediaMaxBytes ?? 16 * 1024 * 1024);
  }

  /** Blue ticks and "typing…" while the bot works; best effort, never fails the turn. */
  async acknowledge(message: InboundMessage): Promise<void> {
    if (message.channel !== this.name || message.content.type === 'system' || isCustomerNotice(message.content)) return;
    const client = this.connection.readyClient();
    if (!client) return;
    try {
      const chat = await client.getChatById(chatIdFor(message.from));
      await chat.sendSeen();
      await chat.sendStateTyping();
    } catch (error) {
      this.options.logger.warn('whatsapp-web: could not mark the chat read', { messageId: message.id, error: errorText(error) });
    }
  }

  private async sendPart(client: ClientLike, chatId: string, part: WebOutboundPart): Promise<string> {
    // sendSeen: false: read receipts are acknowledge()'s job, and must never fail a send.
    const options: Record<string, unknown> = { sendSeen: false };
    let content: unknown = part.kind === 'text' ? part.text : undefined;
    if (part.kind === 'media') {
      if (part.caption) options.caption = part.caption;
      if (part.mediaKind === 'document') options.sendMediaAsDocument = true;
      if (part.mediaKind === 'voice') options.sendAudioAsVoice = true;
      if (part.mediaKind === 'sticker') options.sendMediaAsSticker = true;
      try {
        content = await this.mediaFromUrl(part.url, { filename: part.filename, mimeType: part.mimeType });
      } catch (error) {
        // The agent sees one text whatever went wrong: which hosts and ports answer stays in the log.
        const retryable = !(error instanceof MediaFetchError) || error.retryable;
        this.options.logger.warn('whatsapp-web: attachment not fetched', { host: URL.canParse(part.url) ? new URL(part.url).host : 'not a URL', reason: errorText(error), retryable });
        throw new ChannelSendError({ code: 'WA_WEB_MEDIA_FETCH_FAILED', title: 'The attachment could not be fetched from its link', retryable });
      }
    }
    let sent: Awaited<ReturnType<ClientLike['sendMessage']>>;
    try {
      sent = await client.sendMessage(chatId, content, options);
    } catch (error) {
      throw new ChannelSendError({ code: 'WA_WEB_SEND_FAILED', title: errorText(error), retryable: true });
    }
    // The library resolves to nothing when WhatsApp Web has no chat for the id (not on WhatsApp).
    if (!sent?.id?._serialized) {
      throw new ChannelSendError({ code: 'WA_WEB_NO_CHAT', title: `WhatsApp Web has no chat for ${chatId}`, retryable: false });
    }
    return sent.id._serialized;
  }

  private remember(partKey: string, id: string): void {
    this.sentParts.set(partKey, id);
    if (this.sentParts.size > REMEMBERED_PARTS) this.sentParts.delete(this.sentParts.keys().next().value!);
  }

  /** An edit or deletion goes to the queue in the customer's order, like their messages. */
  private onChange(change: WebMessageChange, client: ClientLike): void {
    const raw = change.message as WebMessageLike;
    if (!raw || typeof raw.from !== 'string' || !raw.id?._serialized) return;
    void this.relay.enqueue(raw.from, async () => {
      const senderJid = raw.from.endsWith('@lid') ? await this.privacyIds.phoneFor(raw.from, client) : undefined;
      return mapChange(change, { senderJid });
    });
  }

  /** Never throws: whatsapp-web.js would not deliver the message again anyway. */
  private onMessage(raw: WebMessageLike, client: ClientLike): void {
    const { logger } = this.options;
    const reason = raw && typeof raw === 'object' && typeof raw.from === 'string' ? ignoreReason(raw) : 'not a message';
    if (reason) {
      logger.debug('whatsapp-web: message ignored', { reason });
      return;
    }
    void this.relay.enqueue(raw.from, async () => {
      const senderJid = raw.from.endsWith('@lid') ? await this.privacyIds.phoneFor(raw.from, client) : undefined;
      const message = mapInbound(raw, { senderJid });
      if (!message) logger.debug('whatsapp-web: message type not for the bot', { type: raw.type });
      return message;
    });
  }
}
