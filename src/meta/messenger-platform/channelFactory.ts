import type { HttpTransport } from '../../network/httpTransport';
import type { Logger } from '../../observability/logger';
import type { Queue } from '../../queue/port';
import type { Store } from '../../store/port';
import { customerIdOf } from '../../domain/conversation';
import { MessengerPlatformChannel } from './messagingChannel';
import { replyWindowOf, type MessengerPlatformProfile } from './platform';
import { SendApiClient } from './sendApiClient';

/** The settings of one Facebook Page's Messenger (MESSENGER_*) or one Instagram account (INSTAGRAM_*). */
export interface MessagingSettings {
  verifyToken: string;
  appSecret: string;
  /** Page access token (Messenger, and Instagram through its Page) or an Instagram Login token. */
  accessToken: string;
  /** The Page or Instagram account id; when set, events of other accounts are ignored. */
  accountId?: string;
  apiUrl: string;
  apiVersion: string;
  /** The app was granted the Human Agent permission: people may answer for 7 days, not 24 hours. */
  humanAgent: boolean;
}

/** What the process lends a channel (channels/port.ts ChannelServices), as far as this one uses it. */
export interface MessagingServices {
  queue: Queue;
  store: Store;
  logger: Logger;
  transport: HttpTransport;
  isAccepting(): boolean;
}

/** A Messenger Platform channel from its profile, its settings and what the process lends it. */
export function createMessengerPlatformChannel(profile: MessengerPlatformProfile, settings: MessagingSettings, services: MessagingServices): MessengerPlatformChannel {
  const { logger, queue, store, transport, isAccepting } = services;
  return new MessengerPlatformChannel({
    profile,
    client: new SendApiClient({ profile, baseUrl: settings.apiUrl, apiVersion: settings.apiVersion, accessToken: settings.accessToken, logger, transport }),
    window: replyWindowOf(profile, settings.humanAgent),
    lastCustomerMessageAt: async (conversationId) => (await store.conversations.get(conversationId))?.lastCustomerMessageAt,
    logger,
    webhook: { verifyToken: settings.verifyToken, appSecret: settings.appSecret, accountId: settings.accountId, queue, logger, isAccepting },
    customerNames: {
      has: async (address) => !!(await store.customers.get(customerIdOf(profile.channel, address)))?.profileName,
      remember: async (address, name) => {
        await store.customers.touch({ id: customerIdOf(profile.channel, address), channel: profile.channel, address, profileName: name, at: Date.now() });
      },
    },
  });
}
