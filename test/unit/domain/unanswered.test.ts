import path from 'node:path';
import { groupUnanswered, unansweredKey } from '../../../src/domain/unanswered';
import { startTestBot } from '../../support/testBot';

describe('unanswered questions', () => {
  it('counts different spellings of one question together', () => {
    expect(unansweredKey('Do you deliver to Cox\'s Bazar??')).toBe(unansweredKey('cox\'s bazar do you deliver to'));
    expect(unansweredKey('😀')).toBe('');
  });

  it('groups similar questions, biggest first, with the latest example', () => {
    const groups = groupUnanswered([
      { key: unansweredKey('do you deliver to coxs bazar'), count: 5, lastExample: 'do you deliver to coxs bazar', lastAt: 10, firstAt: 1 },
      { key: unansweredKey('deliver to coxs bazar please'), count: 3, lastExample: 'deliver to coxs bazar please', lastAt: 20, firstAt: 2 },
      { key: unansweredKey('do you have emi'), count: 4, lastExample: 'do you have emi', lastAt: 5, firstAt: 1 },
    ]);
    expect(groups.map((g) => [g.count, g.variants, g.lastExample])).toEqual([
      [8, 2, 'deliver to coxs bazar please'],
      [4, 1, 'do you have emi'],
    ]);
    // Every stored question of a group, so that answering the group removes them all.
    expect(groups[0]!.keys).toEqual([unansweredKey('do you deliver to coxs bazar'), unansweredKey('deliver to coxs bazar please')]);
  });

  it('are recorded by the engine when it cannot match, and not when it can', async () => {
    const bot = await startTestBot({ flowsDir: path.resolve(__dirname, '../../fixtures/flows') });
    try {
      await bot.send('8801', 'do you sell gift cards');
      await bot.send('8802', 'Do you sell GIFT cards?');
      await bot.send('8803', 'size guide');
      const list = await bot.runtime.store.unanswered.list(10);
      expect(list).toEqual([expect.objectContaining({ count: 2, lastExample: 'Do you sell GIFT cards?' })]);
    } finally {
      await bot.stop();
    }
  });
});
