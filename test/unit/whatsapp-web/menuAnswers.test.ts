import path from 'node:path';
import nock from 'nock';
import { toWebParts } from '../../../src/channels/whatsapp-web';
import type { OutboundEntry } from '../../../src/domain/transcript';
import { buttonsOf, startTestBot, textOf, type TestBot } from '../../support/testBot';

/**
 * The numbered menu only works if "n" means the n-th option to the engine too. These tests take
 * the bot's real buttons / list replies (flows in test/fixtures/flows), render them as this
 * channel would, and answer with the number shown next to an option.
 */
const FLOWS = path.resolve(__dirname, '../../fixtures/flows');

function menuOf(entry: OutboundEntry): Map<string, string> {
  const message = { id: entry.id, conversationId: entry.conversationId, channel: 'whatsapp-web' as const, to: 'x', content: entry.content, sender: entry.sender, locale: entry.locale, createdAt: 0 };
  const [part] = toWebParts(message);
  if (part.kind !== 'text') throw new Error('expected a text menu');
  const lines = [...part.text.matchAll(/^(\d+)\. (.+?)(?: – .*)?$/gm)];
  return new Map(lines.map(([, n, title]) => [title, n]));
}

describe('numbered menus line up with the engine', () => {
  let bot: TestBot;
  let n = 0;
  let phone: string;
  beforeEach(async () => {
    bot = await startTestBot({ flowsDir: FLOWS, env: { LOOKUP_TIMEOUT_MS: '500' } });
    phone = `88017100${String(++n).padStart(5, '0')}`;
  });
  afterEach(async () => {
    nock.cleanAll();
    await bot.stop();
  });

  it('an ask with choices (a list of 4): each number picks the choice printed next to it', async () => {
    const choices = [['Small', 's'], ['Medium', 'm'], ['Large', 'l'], ['Extra large', 'xl']];
    for (const [index, [title, id]] of choices.entries()) {
      const customer = `${phone}${index}`;
      const [question] = await bot.send(customer, 'size guide');
      const number = menuOf(question).get(title)!;
      expect(textOf((await bot.send(customer, number))[0])).toBe('How many?');
      expect((await bot.runtime.store.conversations.findOpen(`simulator:${customer}`))?.values.size).toBe(id);
    }
  });

  it('reply buttons: "2" is the second button, also typed with a Bengali digit', async () => {
    nock('https://shop.example').get('/orders/3333').times(2).reply(200, { status: 'SHIPPED', courier: 'RedX' });
    await bot.send(phone, 'check my order');
    const [shown] = await bot.send(phone, '3333');
    const menu = menuOf(shown);
    expect([...menu.keys()]).toEqual(buttonsOf(shown).map((b) => b.title));
    expect(menu.get('It is late')).toBe('2');
    expect(textOf((await bot.send(phone, '2'))[0])).toMatch(/connecting you to a person/i);

    const other = `${phone}1`;
    await bot.send(other, 'check my order');
    await bot.send(other, '3333');
    expect(textOf((await bot.send(other, '১'))[0])).toBe('Bye!');
  });

  it('list rows of a reply step: "1" opens the first row', async () => {
    await bot.send(phone, 'size guide');
    await bot.send(phone, 'S');
    const [list] = await bot.send(phone, '2');
    expect(menuOf(list).get('Catalogue')).toBe('1');
    const catalog = await bot.send(phone, '1');
    expect(catalog.map((c) => c.content.type)).toEqual(['media', 'text']);
  });
});
