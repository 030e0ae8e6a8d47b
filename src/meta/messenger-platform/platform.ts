import type { ReplyWindow } from '../../domain/replyWindow';
import { messengerPlatformWindow } from '../../domain/replyWindow';

/**
 * What differs between the two channels of Meta's Messenger Platform, which otherwise share
 * one webhook shape (`entry[].messaging[]`) and one Send API (`POST /me/messages`):
 * - Messenger (https://developers.facebook.com/docs/messenger-platform): `object: "page"`,
 *   texts up to 2000 characters, per-message and watermark receipts, echoes of the Page's own
 *   messages, edits, referrals;
 * - Instagram (https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/messaging-api):
 *   `object: "instagram"`, texts up to 1000 bytes of UTF-8, `messaging_seen` by message id,
 *   story replies and mentions, unsends (`is_deleted`).
 */
export interface MessengerPlatformProfile {
  /** The channel adapter's name, stored on every message and customer. */
  channel: string;
  /** As people know it: "Messenger", "Instagram". */
  platform: string;
  /** The webhook's `object`. */
  object: 'page' | 'instagram';
  /** Where Meta posts: `/webhook/messenger`, `/webhook/instagram`. */
  webhookPath: string;
  /** The setting holding the token, named in the alert when Meta refuses it. */
  tokenSetting: string;
  limits: MessagingLimits;
  /**
   * Whether Send API messages carry `metadata`, which Meta hands back in the echo of the message
   * so the webhook can tell the bot's own sends from the Page's (Messenger documents it;
   * Instagram echoes are matched by message id instead).
   */
  echoMetadata: boolean;
  /**
   * The user profile fields that name a customer (GET /{id}?fields=...): Messenger's User
   * Profile API gives `name` where the app has that access; Instagram gives `name` and `username`.
   */
  profileFields: string;
}

/** Length and count limits of what is sent (see limits.ts for the sources). */
export interface MessagingLimits {
  /** Longest text of one message. */
  textMax: number;
  /** `chars`: JavaScript length (never less than what Meta counts); `bytes`: UTF-8 bytes. */
  textUnit: 'chars' | 'bytes';
  quickRepliesMax: number;
  quickReplyTitleMax: number;
  /** Payload of a quick reply or postback button: the flow's button id comes back in it. */
  payloadMax: number;
  buttonTemplateTextMax: number;
  buttonTemplateButtonsMax: number;
  buttonTitleMax: number;
}

export function replyWindowOf(profile: MessengerPlatformProfile, humanAgent: boolean): ReplyWindow {
  return messengerPlatformWindow(profile.platform, humanAgent);
}
