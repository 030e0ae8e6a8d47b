import { signWebhookBody } from '../../src/channels/whatsapp-cloud';

/** A Cloud API webhook delivery with text messages, shaped like Meta's. */
export function textDelivery(messages: { from: string; id: string; text: string; name?: string; timestamp?: number }[], phoneNumberId = '106540352242922'): Record<string, unknown> {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: phoneNumberId },
              contacts: messages.map((m) => ({ profile: { name: m.name ?? 'Customer' }, wa_id: m.from })),
              messages: messages.map((m) => ({
                from: m.from,
                id: m.id,
                timestamp: String(Math.floor((m.timestamp ?? Date.now()) / 1000)),
                type: 'text',
                text: { body: m.text },
              })),
            },
          },
        ],
      },
    ],
  };
}

/** A button press delivery (interactive button_reply). */
export function buttonDelivery(from: string, id: string, buttonId: string, title = 'Button'): Record<string, unknown> {
  const delivery = textDelivery([{ from, id, text: '' }]);
  const value = (delivery.entry as { changes: { value: { messages: Record<string, unknown>[] } }[] }[])[0].changes[0].value;
  value.messages[0] = { from, id, timestamp: String(Math.floor(Date.now() / 1000)), type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: buttonId, title } } };
  return delivery;
}

export function signedBody(payload: unknown, appSecret: string): { body: string; signature: string } {
  const body = JSON.stringify(payload);
  return { body, signature: signWebhookBody(Buffer.from(body), appSecret) };
}

/** Who a delivery is from: a phone, a business-scoped user id (BSUID), both, and a username. */
export interface WebhookSender {
  phone?: string;
  bsuid?: string;
  username?: string;
  name?: string;
}

/**
 * One message from `sender` as Meta delivers it since BSUIDs
 * (https://developers.facebook.com/documentation/business-messaging/whatsapp/business-scoped-user-ids):
 * `from_user_id` and `contacts[].user_id`, and no `from` / `wa_id` when the phone is withheld.
 * `message` is the type-specific part (`{ type: 'text', text: { body } }`) plus an `id`.
 */
export function senderDelivery(sender: WebhookSender, message: { id: string } & Record<string, unknown>, phoneNumberId = '106540352242922'): Record<string, unknown> {
  const contact: Record<string, unknown> = { profile: { name: sender.name ?? 'Customer', ...(sender.username ? { username: sender.username } : {}) } };
  if (sender.phone) contact.wa_id = sender.phone;
  if (sender.bsuid) contact.user_id = sender.bsuid;
  return {
    object: 'whatsapp_business_account',
    entry: [{ id: '102290129340398', changes: [{ field: 'messages', value: {
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: '15550783881', phone_number_id: phoneNumberId },
      contacts: [contact],
      messages: [{
        ...(sender.phone ? { from: sender.phone } : {}),
        ...(sender.bsuid ? { from_user_id: sender.bsuid } : {}),
        timestamp: String(Math.floor(Date.now() / 1000)),
        ...message,
      }],
    } }] }],
  };
}
