/**
 * Length and count limits the Cloud API enforces on what we send. A request that breaks one
 * is refused with error 100 / 131009 ("parameter value is not valid"), so the formatter
 * shortens or splits before sending and the tests check every produced message against these.
 *
 * Sources (Meta, WhatsApp Business Platform docs):
 * - text body: https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/text-messages/
 * - reply buttons: https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/interactive-reply-buttons-messages
 *   (per-field limits also in Meta's own Node SDK reference:
 *   https://whatsapp.github.io/WhatsApp-Nodejs-SDK/api-reference/types/ButtonObject)
 * - lists: https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/interactive-list-messages
 *   (row limits: https://whatsapp.github.io/WhatsApp-Nodejs-SDK/api-reference/types/RowObject)
 * - media captions: https://developers.facebook.com/documentation/business-messaging/whatsapp/messages/image-messages/
 *   and .../document-messages
 *
 * Lengths are compared in UTF-16 code units (JavaScript `length`), which is never less than
 * the number of characters Meta counts, so a string that passes here passes there too.
 */

/** `text.body` of a text message. */
export const TEXT_BODY_MAX = 4096;

/** `interactive.body.text` of button and list messages. */
export const INTERACTIVE_BODY_MAX = 1024;
/** `interactive.header.text` (text headers). */
export const INTERACTIVE_HEADER_MAX = 60;
/** `interactive.footer.text`. */
export const INTERACTIVE_FOOTER_MAX = 60;

/** Reply buttons per message. */
export const REPLY_BUTTONS_MAX = 3;
/** `reply.title` of a reply button. */
export const REPLY_BUTTON_TITLE_MAX = 20;
/** `reply.id` of a reply button (comes back in the `button_reply` webhook). */
export const REPLY_BUTTON_ID_MAX = 256;

/** Rows across all sections of one list message. */
export const LIST_ROWS_MAX = 10;
/** Sections in one list message. */
export const LIST_SECTIONS_MAX = 10;
/** `action.button`, the label of the button that opens the list. */
export const LIST_BUTTON_LABEL_MAX = 20;
/** `sections[].title`; required when a list has more than one section. */
export const LIST_SECTION_TITLE_MAX = 24;
/** `rows[].title`. */
export const LIST_ROW_TITLE_MAX = 24;
/** `rows[].description`. */
export const LIST_ROW_DESCRIPTION_MAX = 72;
/** `rows[].id` (comes back in the `list_reply` webhook). */
export const LIST_ROW_ID_MAX = 200;

/** `caption` of image, video and document messages (audio and stickers take none). */
export const MEDIA_CAPTION_MAX = 1024;
