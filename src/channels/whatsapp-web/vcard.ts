import type { SharedContact } from '../../domain/message';

/**
 * The contact cards a customer shares (`vcard` / `multi_vcard` messages) arrive in whatsapp-web.js
 * as raw vCard 3.0 text, as the phone wrote it, e.g.
 *
 *   BEGIN:VCARD
 *   VERSION:3.0
 *   N:Uddin;Rahim;;;
 *   FN:Rahim Uddin
 *   item1.TEL;waid=8801711000002:+880 1711-000002
 *   item1.X-ABLabel:Mobile
 *   END:VCARD
 *
 * Only the name and phone numbers are read (the same as the Cloud API's `contacts` gives us).
 * Folding, group prefixes ("item1.") and escapes follow RFC 6350 §3.2 and §3.4.
 */
export function parseVCards(cards: readonly string[]): SharedContact[] {
  return cards
    .flatMap((card) => card.split(/(?=BEGIN:VCARD)/i))
    .filter((card) => /BEGIN:VCARD/i.test(card))
    .map(parseOne)
    .filter((contact) => contact.name !== '' || contact.phones.length > 0);
}

function parseOne(card: string): SharedContact {
  let formattedName: string | undefined;
  let structuredName: string | undefined;
  const phones: string[] = [];
  // A line that starts with a space or tab continues the previous one (RFC 6350 §3.2).
  for (const line of card.replace(/\r?\n[ \t]/g, '').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const [rawName, ...params] = line.slice(0, colon).split(';');
    const property = rawName.slice(rawName.lastIndexOf('.') + 1).toUpperCase();
    const value = line.slice(colon + 1);
    if (property === 'FN') formattedName = unescape(value).trim();
    if (property === 'N') structuredName = joinStructuredName(value);
    if (property === 'TEL') {
      // `waid` is the WhatsApp id WhatsApp adds for numbers that use WhatsApp; the value is the
      // number as written in the address book, which is what an agent wants to read.
      const waid = params.map((p) => /^waid=(\d+)$/i.exec(p.trim())?.[1]).find(Boolean);
      const phone = unescape(value).trim() || waid;
      if (phone) phones.push(phone);
    }
  }
  return { name: formattedName || structuredName || '', phones };
}

/** N is "Family;Given;Additional;Prefix;Suffix"; people read it as "Given Additional Family". */
function joinStructuredName(value: string): string {
  const [family, given, additional] = value.split(/(?<!\\);/).map((part) => unescape(part).trim());
  return [given, additional, family].filter(Boolean).join(' ');
}

function unescape(value: string): string {
  return value.replace(/\\([\\,;nN])/g, (_, ch: string) => (ch === 'n' || ch === 'N' ? '\n' : ch));
}
