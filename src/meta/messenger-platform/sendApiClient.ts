import type { HttpTransport } from '../../network/httpTransport';
import type { Logger } from '../../observability/logger';
import { GraphHttp } from '../graphHttp';
import { readString } from '../jsonShape';
import type { RetryOptions } from '../retryPolicy';
import type { MessengerPlatformProfile } from './platform';
import { classifyMessengerPlatformError } from './sendApiErrors';

export interface SendApiClientOptions {
  profile: MessengerPlatformProfile;
  /** https://graph.facebook.com (MESSENGER_API_URL); Instagram Login apps use https://graph.instagram.com. */
  baseUrl: string;
  apiVersion: string;
  /** The Page access token (Messenger, Instagram through its Page) or the Instagram account token. */
  accessToken: string;
  logger: Logger;
  transport: HttpTransport;
  retry?: Partial<RetryOptions>;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** A sender action: `mark_seen` (the customer sees it read), `typing_on` ("typing…" until we answer or 20 s pass). */
export type SenderAction = 'mark_seen' | 'typing_on';

/**
 * The Send API (`POST /{version}/me/messages`, https://developers.facebook.com/docs/messenger-platform/reference/send-api)
 * for Messenger and Instagram. Every failure is a GraphApiError classified by the Messenger
 * Platform's codes; temporary ones are retried here with backoff first, a rejected token is
 * alerted once.
 */
export class SendApiClient {
  private readonly http: GraphHttp;
  private readonly versionUrl: string;

  constructor(private readonly options: SendApiClientOptions) {
    this.versionUrl = `${options.baseUrl.replace(/\/+$/, '')}/${options.apiVersion}`;
    this.http = new GraphHttp({
      platform: options.profile.platform,
      tokenSetting: options.profile.tokenSetting,
      accessToken: options.accessToken,
      classify: classifyMessengerPlatformError,
      transport: options.transport,
      logger: options.logger,
      retry: options.retry,
      timeoutMs: options.timeoutMs,
      sleep: options.sleep,
      random: options.random,
    });
  }

  /** Sends one message request; resolves to its `message_id`. */
  async send(body: object): Promise<string | undefined> {
    const response = await this.http.call({ method: 'POST', url: `${this.versionUrl}/me/messages`, body });
    const id = readString(response, 'message_id');
    if (!id) this.options.logger.warn(`${this.options.profile.platform} Send API accepted a message without returning its id`);
    return id;
  }

  /** One try only: a late read mark or typing indicator is worthless, and nobody waits on it. */
  async senderAction(recipient: string, action: SenderAction): Promise<void> {
    await this.http.call({ method: 'POST', url: `${this.versionUrl}/me/messages`, body: { recipient: { id: recipient }, sender_action: action }, attempts: 1 });
  }

  /**
   * The customer's name from their profile (Messenger: `name`; Instagram: `name`, else
   * `@username`). One try: a chat without a name is only less friendly.
   */
  async customerName(id: string): Promise<string | undefined> {
    const profile = await this.http.call({ method: 'GET', url: `${this.versionUrl}/${encodeURIComponent(id)}?fields=${this.options.profile.profileFields}`, attempts: 1 });
    const username = readString(profile, 'username');
    return readString(profile, 'name') || (username ? `@${username}` : undefined);
  }

  /** GET /me: proves the token works (health checks). */
  async ping(): Promise<void> {
    await this.http.call({ method: 'GET', url: `${this.versionUrl}/me?fields=id`, attempts: 1 });
  }
}
