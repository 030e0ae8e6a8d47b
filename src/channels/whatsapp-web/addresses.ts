/**
 * Customer addresses ↔ WhatsApp Web chat ids.
 *
 * A person's chat id is `<number>@c.us`; the customer's address is the bare number, the same
 * form the Cloud API uses, so agents see a phone number. WhatsApp also hides some people
 * behind a privacy id (`<id>@lid`, no phone number); when the channel cannot resolve one to
 * a number, the full `…@lid` id is kept as the address, so that replies still reach the chat.
 */
const PERSON_SUFFIX = '@c.us';

export function addressOf(chatId: string): string {
  return chatId.endsWith(PERSON_SUFFIX) ? chatId.slice(0, -PERSON_SUFFIX.length) : chatId;
}

export function chatIdFor(address: string): string {
  const bare = address.replace(/^\+/, '');
  return bare.includes('@') ? bare : `${bare}${PERSON_SUFFIX}`;
}
