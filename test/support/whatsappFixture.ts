import { readFileSync } from 'node:fs';
import path from 'node:path';

const FIXTURES = path.resolve(__dirname, '../fixtures/whatsapp');

/**
 * A webhook payload of test/fixtures/whatsapp as Meta would send it now: its `_source` note
 * dropped, the given strings (ids, numbers) replaced, and its times moved to the present, so
 * the customer's 24-hour window is open as it would be for a message just written.
 */
export function freshDelivery(name: string, replace: Record<string, string> = {}): unknown {
  let text = readFileSync(path.join(FIXTURES, `${name}.json`), 'utf8');
  for (const [from, to] of Object.entries(replace)) text = text.split(from).join(to);
  const offset = Math.floor(Date.now() / 1000) - 1750000000;
  text = text.replace(/"timestamp": ("?)(17\d{8})\1/g, (_all, quote: string, seconds: string) => `"timestamp": ${quote}${Number(seconds) + offset}${quote}`);
  const payload = JSON.parse(text);
  delete payload._source;
  return payload;
}
