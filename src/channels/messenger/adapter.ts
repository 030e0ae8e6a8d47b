import { createMessengerPlatformChannel, type MessagingSettings } from '../../meta/messenger-platform/channelFactory';
import { MESSENGER_LIMITS } from '../../meta/messenger-platform/limits';
import type { MessengerPlatformProfile } from '../../meta/messenger-platform/platform';
import type { ChannelAdapter } from '../port';

export type MessengerSettings = MessagingSettings;

export const MESSENGER: MessengerPlatformProfile = {
  channel: 'messenger',
  platform: 'Messenger',
  object: 'page',
  webhookPath: '/webhook/messenger',
  tokenSetting: 'MESSENGER_PAGE_ACCESS_TOKEN',
  limits: MESSENGER_LIMITS,
  echoMetadata: true,
  profileFields: 'name',
};

/** Facebook Messenger: the Page's webhook at /webhook/messenger, replies through the Send API. */
export const messengerAdapter: ChannelAdapter<MessengerSettings> = {
  name: MESSENGER.channel,
  create: (settings, services) => createMessengerPlatformChannel(MESSENGER, settings, services),
};
