import { createMessengerPlatformChannel, type MessagingSettings } from '../../meta/messenger-platform/channelFactory';
import { INSTAGRAM_LIMITS } from '../../meta/messenger-platform/limits';
import type { MessengerPlatformProfile } from '../../meta/messenger-platform/platform';
import type { ChannelAdapter } from '../port';

export type InstagramSettings = MessagingSettings;

export const INSTAGRAM: MessengerPlatformProfile = {
  channel: 'instagram',
  platform: 'Instagram',
  object: 'instagram',
  webhookPath: '/webhook/instagram',
  tokenSetting: 'INSTAGRAM_ACCESS_TOKEN',
  limits: INSTAGRAM_LIMITS,
  // Instagram documents no `metadata` echo: its echoes are told apart by message id (conversation/channelUpdates.ts).
  echoMetadata: false,
  profileFields: 'name,username',
};

/** Instagram direct messages: the account's webhook at /webhook/instagram, replies through the Send API. */
export const instagramAdapter: ChannelAdapter<InstagramSettings> = {
  name: INSTAGRAM.channel,
  create: (settings, services) => createMessengerPlatformChannel(INSTAGRAM, settings, services),
};
