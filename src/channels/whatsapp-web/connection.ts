import type { Logger } from '../../observability/logger';
import { backoffDelay, DEFAULT_RECONNECT, type BackoffOptions } from './backoff';
import { errorText } from './inboundRelay';
import type { ClientLike, CreateClient } from './libraryClient';

export type ConnectionState = 'starting' | 'qr' | 'ready' | 'disconnected' | 'auth_failure';

/** What the timers are for, so that tests can tell reconnect delays from the start-up watchdog. */
export type TimerPurpose = 'reconnect' | 'startup';
export type SetTimer = (callback: () => void, ms: number, purpose: TimerPurpose) => { cancel(): void };

export const defaultSetTimer: SetTimer = (callback, ms) => {
  const handle = setTimeout(callback, ms);
  return { cancel: () => clearTimeout(handle) };
};

export interface ConnectionOptions {
  createClient: CreateClient;
  sessionDir: string;
  chromiumPath: string;
  logger: Logger;
  reconnect?: Partial<BackoffOptions>;
  /**
   * A browser that shows neither a QR code nor a linked session within this time is restarted.
   * whatsapp-web.js loads the page with no time limit, so a stalled network would otherwise
   * leave the channel "starting" forever.
   */
  startupTimeoutMs?: number;
  setTimer?: SetTimer;
  random?: () => number;
  /** Called for every QR code (the terminal print); the page reads `latestQr()`. */
  onQr?: (qr: string) => void;
  onMessage: (message: any, client: ClientLike) => void;
  /** A customer edited (new text) or deleted for everyone one of their earlier messages. */
  onChange?: (change: WebMessageChange, client: ClientLike) => void;
}

/** whatsapp-web.js's `message_edit` (the message, its new text) and `message_revoke_everyone`. */
export type WebMessageChange = { kind: 'edit'; message: any; newBody: string } | { kind: 'revoke'; message: any };

export const DEFAULT_STARTUP_TIMEOUT_MS = 120_000;

/**
 * One linked WhatsApp Web session: launches the client, follows its events and replaces it
 * after a disconnect, an authentication failure, a failed start or a stalled one. Every lost
 * connection goes through `lost()`: destroy the old browser, wait (exponential backoff with
 * jitter, capped; reset once 'ready'), launch a new one. Events of a replaced client are
 * ignored, so the library's own late 'disconnected' cannot schedule a second reconnect.
 */
export class WhatsAppWebConnection {
  private client: ClientLike | undefined;
  private current: ConnectionState = 'starting';
  private qr: string | null = null;
  private failures = 0;
  private stopped = false;
  private reconnectTimer: { cancel(): void } | undefined;
  private startupTimer: { cancel(): void } | undefined;
  private readonly reconnect: BackoffOptions;
  private readonly setTimer: SetTimer;

  constructor(private readonly options: ConnectionOptions) {
    this.reconnect = { ...DEFAULT_RECONNECT, ...options.reconnect };
    this.setTimer = options.setTimer ?? defaultSetTimer;
  }

  state(): ConnectionState {
    return this.current;
  }

  latestQr(): string | null {
    return this.qr;
  }

  /** The client, only while it can send. */
  readyClient(): ClientLike | undefined {
    return this.current === 'ready' ? this.client : undefined;
  }

  /** The linked account's number, once ready. */
  linkedNumber(): string | null {
    return this.readyClient()?.info?.wid?.user ?? null;
  }

  start(): void {
    this.stopped = false;
    this.launch();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.reconnectTimer?.cancel();
    this.startupTimer?.cancel();
    this.reconnectTimer = this.startupTimer = undefined;
    const client = this.client;
    this.client = undefined;
    this.qr = null;
    this.current = 'disconnected';
    if (client) await this.destroyQuietly(client);
  }

  private launch(): void {
    const { logger } = this.options;
    if (this.current !== 'auth_failure') this.current = 'starting';
    let client: ClientLike;
    try {
      client = this.options.createClient({ sessionDir: this.options.sessionDir, chromiumPath: this.options.chromiumPath });
    } catch (error) {
      this.scheduleRelaunch('the WhatsApp Web client could not be created', error);
      return;
    }
    this.client = client;
    this.wire(client);
    this.armStartupWatchdog(client);
    logger.info('whatsapp-web: starting the browser', { attempt: this.failures + 1 });
    // Not awaited: it resolves only once WhatsApp Web has loaded (or never, see the watchdog).
    let initializing: Promise<unknown>;
    try {
      initializing = client.initialize();
    } catch (error) {
      initializing = Promise.reject(error);
    }
    // A client replaced (or stopped) while its browser was still launching had no browser to
    // close yet; close it once initialize settles, or it would run on unowned.
    const closeIfReplaced = () => client !== this.client && void this.destroyQuietly(client);
    initializing.then(closeIfReplaced, (error) => {
      if (client === this.client) this.lost(client, 'initialize failed', 'disconnected', error);
      else closeIfReplaced();
    });
  }

  private wire(client: ClientLike): void {
    const { logger } = this.options;
    const live = () => client === this.client;
    client.on('qr', (qr: string) => {
      if (!live()) return;
      if (this.qr === null) logger.info('whatsapp-web: scan the QR code on the /whatsapp-web page (admin login) with WhatsApp > Linked devices > Link a device');
      this.qr = qr;
      this.current = 'qr';
      this.startupTimer?.cancel();
      try {
        this.options.onQr?.(qr); // runs inside the library's page callback: it must not throw
      } catch (error) {
        logger.warn('whatsapp-web: could not print the QR code', { error: errorText(error) });
      }
    });
    client.on('authenticated', () => {
      if (!live()) return;
      this.qr = null;
      this.current = 'starting';
      logger.info('whatsapp-web: session authenticated; loading chats');
      this.armStartupWatchdog(client); // a second window for the chat sync before 'ready'
    });
    client.on('ready', () => {
      if (!live()) return;
      this.qr = null;
      this.current = 'ready';
      this.failures = 0;
      this.startupTimer?.cancel();
      logger.info('whatsapp-web: ready', { linkedNumber: client.info?.wid?.user });
    });
    client.on('auth_failure', (message: unknown) => {
      if (!live()) return;
      logger.error('whatsapp-web: the saved session was refused; re-link the phone by scanning the new QR code', { reason: String(message) });
      this.lost(client, 'auth_failure', 'auth_failure');
    });
    client.on('disconnected', (reason: unknown) => {
      if (!live()) return;
      // LOGOUT / UNPAIRED: the device was removed under Linked devices on the phone; a new QR follows.
      this.lost(client, `disconnected: ${String(reason)}`, 'disconnected');
    });
    client.on('change_state', (state: unknown) => logger.debug('whatsapp-web: connection state', { state: String(state) }));
    client.on('message', (message: unknown) => this.options.onMessage(message, client));
    client.on('message_edit', (message: unknown, newBody: unknown) => this.options.onChange?.({ kind: 'edit', message, newBody: String(newBody ?? '') }, client));
    client.on('message_revoke_everyone', (message: unknown) => this.options.onChange?.({ kind: 'revoke', message }, client));
  }

  private armStartupWatchdog(client: ClientLike): void {
    const limit = this.options.startupTimeoutMs ?? DEFAULT_STARTUP_TIMEOUT_MS;
    this.startupTimer?.cancel();
    this.startupTimer = this.setTimer(() => this.lost(client, `no QR code or session after ${limit} ms`, 'disconnected'), limit, 'startup');
  }

  private lost(client: ClientLike, reason: string, next: 'disconnected' | 'auth_failure', error?: unknown): void {
    if (client !== this.client || this.stopped) return;
    this.client = undefined;
    this.qr = null; // it belonged to the browser being closed
    this.current = next;
    this.startupTimer?.cancel();
    void this.destroyQuietly(client);
    this.scheduleRelaunch(reason, error);
  }

  private scheduleRelaunch(reason: string, error?: unknown): void {
    if (this.stopped || this.reconnectTimer) return;
    if (this.current !== 'auth_failure') this.current = 'disconnected';
    const delay = backoffDelay(this.failures, this.reconnect, this.options.random);
    this.failures += 1;
    this.options.logger.warn('whatsapp-web: connection lost; reconnecting', {
      reason,
      ...(error === undefined ? {} : { error: errorText(error) }),
      retryInMs: delay,
      failures: this.failures,
    });
    this.reconnectTimer = this.setTimer(
      () => {
        this.reconnectTimer = undefined;
        if (!this.stopped) this.launch();
      },
      delay,
      'reconnect',
    );
  }

  /** The library closes the browser itself on some disconnects; a second destroy may throw. */
  private async destroyQuietly(client: ClientLike): Promise<void> {
    try {
      await client.destroy();
    } catch (error) {
      this.options.logger.debug('whatsapp-web: destroying the old client failed', { error: errorText(error) });
    }
  }
}
