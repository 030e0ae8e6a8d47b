/**
 * A webhook delivery as big as Meta sends them: up to 1,000 updates (messages and statuses)
 * in one POST, about 1.8 KB each with a long customer text, so the whole body is near 1.8 MB
 * (Meta's ceiling is 3 MB). Each change carries one update, as Meta usually batches them.
 */
export interface BigDeliveryOptions {
  updates: number;
  /** Characters of each customer text; Bengali counts 3 bytes a character. */
  textChars: number;
  /** Every n-th update is a status of a message we sent (the rest are customer messages). */
  statusEvery?: number;
  /** Makes ids unique across deliveries. */
  seed: string;
}

const WORDS = ['আমার', 'অর্ডার', 'কোথায়', 'delivery', 'koto', 'din', 'lagbe', 'Dhaka', 'শাড়ি', 'price', 'please', 'জানাবেন'];

function longText(chars: number, offset: number): string {
  let text = '';
  for (let i = offset; text.length < chars; i++) text += WORDS[i % WORDS.length] + ' ';
  return text.slice(0, chars);
}

export function bigDelivery(options: BigDeliveryOptions): Record<string, unknown> {
  const statusEvery = options.statusEvery ?? 4;
  const seconds = String(Math.floor(Date.now() / 1000));
  const changes = Array.from({ length: options.updates }, (_, i) => {
    const from = `8801${String(700_000_000 + (i % 400))}`;
    const value: Record<string, unknown> = {
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
    };
    if (i % statusEvery === statusEvery - 1) {
      value.statuses = [{ id: `wamid.out.${options.seed}.${i}`, status: 'delivered', timestamp: seconds, recipient_id: from, pricing: { billable: true, pricing_model: 'PMP', category: 'service' } }];
    } else {
      value.contacts = [{ profile: { name: `Customer ${i % 400}` }, wa_id: from }];
      value.messages = [{ from, id: `wamid.in.${options.seed}.${i}`, timestamp: seconds, type: 'text', text: { body: longText(options.textChars, i) } }];
    }
    return { field: 'messages', value };
  });
  // Meta groups changes by WhatsApp Business Account; one account here, several entries.
  const entries = [];
  for (let i = 0; i < changes.length; i += 50) entries.push({ id: '102290129340398', changes: changes.slice(i, i + 50) });
  return { object: 'whatsapp_business_account', entry: entries };
}
