import type { MessagingLimits } from './platform';

/**
 * Limits of the Send API, checked by the formatter before anything is sent (Meta refuses a
 * request that breaks one with error 100):
 * - text: 2000 characters on Messenger (https://developers.facebook.com/docs/messenger-platform/reference/send-api#message),
 *   1000 bytes of UTF-8 on Instagram (https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/messaging-api#send-a-text-message);
 * - quick replies: up to 13, titles of 20 characters, payloads of 1000
 *   (https://developers.facebook.com/docs/messenger-platform/send-messages/quick-replies,
 *   https://developers.facebook.com/docs/messenger-platform/instagram/features/quick-replies);
 * - button template: text of 640 characters, 1 to 3 buttons, postback titles of 20 characters
 *   and payloads of 1000 (https://developers.facebook.com/docs/messenger-platform/send-messages/template/button,
 *   https://developers.facebook.com/docs/messenger-platform/send-messages/buttons/postback).
 */
const SHARED = {
  quickRepliesMax: 13,
  quickReplyTitleMax: 20,
  payloadMax: 1000,
  buttonTemplateTextMax: 640,
  buttonTemplateButtonsMax: 3,
  buttonTitleMax: 20,
} as const;

export const MESSENGER_LIMITS: MessagingLimits = { ...SHARED, textMax: 2000, textUnit: 'chars' };
export const INSTAGRAM_LIMITS: MessagingLimits = { ...SHARED, textMax: 1000, textUnit: 'bytes' };
