import type { RequestHandler } from 'express';
import { ChannelSendError } from '../../domain/delivery';
import type { InboundMessage, OutboundMessage } from '../../domain/message';
import { describeReplyRule, replyRuleAt, type ReplyRule, type ReplyWindow } from '../../domain/replyWindow';
import type { Logger } from '../../observability/logger';
import type { Queue } from '../../queue/port';
import { GraphApiError, graphErrorKind } from '../graphErrors';
import { SentParts } from '../sentParts';
import { createMetaWebhookRouter } from '../webhookEndpoint';
import { normalizeMessagingWebhook, OWN_SEND_MARK } from './events';
import { toSendApiMessages } from './formatOutbound';
import type { MessengerPlatformProfile } from './platform';
import type { SendApiClient } from './sendApiClient';

export interface MessagingWebhookSettings {
  verifyToken: string;
  appSecret: string;
  /** The Page or Instagram account id; when set, other accounts' events are ignored. */
  accountId?: string;
  queue: Queue;
  logger: Logger;
  isAccepting?: () => boolean;
  maxBodyBytes?: number;
}

/** Customers' names as the store keeps them, by their address on this channel. */
export interface CustomerNames {
  has(address: string): Promise<boolean>;
  remember(address: string, name: string): Promise<void>;
}

export interface MessagingChannelOptions {
  profile: MessengerPlatformProfile;
  client: SendApiClient;
  window: ReplyWindow;
  /** When the customer last wrote in this conversation (the window runs from it); read at send time. */
  lastCustomerMessageAt(conversationId: string): Promise<number | undefined>;
  logger: Logger;
  /** The inbound half, served at the profile's webhook path; without it the channel only sends. */
  webhook?: MessagingWebhookSettings;
  /** Where names looked up from customers' profiles go (webhooks carry none). */
  customerNames?: CustomerNames;
  clock?: () => number;
}

/** `messaging_type` and `tag` of a Send API request (https://developers.facebook.com/docs/messenger-platform/send-messages#messaging_types). */
type MessagingType = { messaging_type: 'RESPONSE' } | { messaging_type: 'MESSAGE_TAG'; tag: 'HUMAN_AGENT' };

const RESPONSE: MessagingType = { messaging_type: 'RESPONSE' };
const HUMAN_AGENT: MessagingType = { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' };

/**
 * A Channel (channels/port.ts) over the Messenger Platform, for Messenger and Instagram alike.
 * It satisfies that interface by shape: meta/ sits below channels/ and does not import it.
 *
 * Every send follows the platform's window rule, decided from the customer's last message:
 * within 24 hours a RESPONSE; after that, until 7 days, a person's message with the HUMAN_AGENT
 * tag where the Page has it; otherwise nothing goes and the message fails with WINDOW_CLOSED,
 * which agents see. When Meta says the window is closed although our clock thought otherwise,
 * a person's message is sent once more with the tag.
 */
export class MessengerPlatformChannel {
  readonly name: string;
  readonly replyWindow: ReplyWindow;
  private readonly sentParts = new SentParts();
  private readonly clock: () => number;
  /** Off for good once Meta says the app may not read profiles; customers tried without success. */
  private profilesReadable = true;
  private readonly unnamed = new Set<string>();

  constructor(private readonly options: MessagingChannelOptions) {
    this.name = options.profile.channel;
    this.replyWindow = options.window;
    this.clock = options.clock ?? Date.now;
  }

  async send(message: OutboundMessage): Promise<{ channelMessageId?: string }> {
    const type = await this.messagingType(message);
    const parts = toSendApiMessages(message, this.options.profile.limits, this.options.profile.platform);
    let firstId: string | undefined;
    for (const [index, part] of parts.entries()) {
      const id = await this.sentParts.once(`${message.id}#${index}`, () => this.sendPart(message, part, type));
      firstId ??= id;
    }
    return { channelMessageId: firstId };
  }

  /**
   * Marks the customer's message seen and shows "typing…" while the bot works. Failures are
   * logged only: a missing read mark must never stop the answer. Nothing for reactions (no
   * answer is coming) or notices no one wrote.
   */
  async acknowledge(message: InboundMessage): Promise<void> {
    if (message.channel !== this.name || message.content.type === 'system') return;
    const actions = message.content.type === 'reaction' ? (['mark_seen'] as const) : (['mark_seen', 'typing_on'] as const);
    for (const action of actions) {
      try {
        await this.options.client.senderAction(message.from, action);
      } catch (error) {
        this.options.logger.warn(`Could not send ${action} on ${this.options.profile.platform}`, {
          code: error instanceof GraphApiError ? error.error.code : undefined,
          error,
        });
        return;
      }
    }
    await this.nameCustomer(message.from);
  }

  /**
   * Webhooks carry no name: the first time a customer without one writes, their profile is
   * read so agents see a name rather than an id. Meta refusing the app (no profile access, an
   * expired token) turns this off for the process; one customer's failure skips only them.
   */
  private async nameCustomer(address: string): Promise<void> {
    const names = this.options.customerNames;
    if (!names || !this.profilesReadable || this.unnamed.has(address) || (await names.has(address))) return;
    try {
      const name = await this.options.client.customerName(address);
      if (name) await names.remember(address, name);
      else this.unnamed.add(address);
    } catch (error) {
      this.unnamed.add(address);
      const code = Number(error instanceof GraphApiError ? error.error.code : NaN);
      if (graphErrorKind(error) === 'auth' || code === 3 || code === 10 || (code >= 200 && code <= 299)) {
        this.profilesReadable = false;
        this.options.logger.info(`${this.options.profile.platform} profiles cannot be read by this app; chats show the customer's id instead of a name`, { code });
      }
    }
  }

  async ping(): Promise<void> {
    await this.options.client.ping();
  }

  /** Meta's webhook for this Page or account (GET: subscription check, POST: signed deliveries). */
  routes(): { path: string; access: 'public'; handler: RequestHandler }[] {
    const webhook = this.options.webhook;
    if (!webhook) return [];
    const { profile } = this.options;
    const handler = createMetaWebhookRouter({
      ...webhook,
      platform: profile.platform,
      channel: profile.channel,
      normalize: (body) => normalizeMessagingWebhook(profile, body, { accountId: webhook.accountId, now: this.clock }),
    });
    return [{ path: profile.webhookPath, access: 'public', handler }];
  }

  private async messagingType(message: OutboundMessage): Promise<MessagingType> {
    const last = await this.options.lastCustomerMessageAt(message.conversationId);
    // No conversation to read the window from: send as a response and let Meta judge.
    if (last === undefined) return RESPONSE;
    const rule = replyRuleAt(this.replyWindow, last, this.clock());
    if (rule.rule === 'standard') return RESPONSE;
    if (rule.rule === 'human-agent' && message.sender === 'agent') return HUMAN_AGENT;
    throw this.windowClosed(rule, last);
  }

  private async sendPart(message: OutboundMessage, part: Record<string, unknown>, type: MessagingType): Promise<string | undefined> {
    const body = (as: MessagingType) => ({
      recipient: { id: message.to },
      ...as,
      message: this.options.profile.echoMetadata ? { ...part, metadata: OWN_SEND_MARK } : part,
    });
    try {
      return await this.options.client.send(body(type));
    } catch (error) {
      const retagged = graphErrorKind(error) === 'reengage' && type === RESPONSE && message.sender === 'agent' && this.replyWindow.humanAgentMs !== undefined;
      if (!retagged) throw error;
      this.options.logger.info(`${this.options.profile.platform} says the 24-hour window is closed; sending the agent's reply with the HUMAN_AGENT tag`, { conversationId: message.conversationId });
      return this.options.client.send(body(HUMAN_AGENT));
    }
  }

  private windowClosed(rule: ReplyRule, last: number): ChannelSendError {
    const hours = Math.floor((this.clock() - last) / 3_600_000);
    const title = rule.rule === 'human-agent'
      ? `${this.options.profile.platform}: more than 24 hours since the customer wrote; only a person's reply may go now (HUMAN_AGENT tag)`
      : describeReplyRule(this.replyWindow, rule, hours);
    return new ChannelSendError({ code: 'WINDOW_CLOSED', title, retryable: false });
  }
}
