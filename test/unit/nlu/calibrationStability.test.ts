import path from 'node:path';
import { intentExamples, loadFlows, trainingExtras } from '../../../src/flowfiles/loadFlows';
import { LocalNlu } from '../../../src/nlu/local';

// The sample shop: ~1,400 out-of-scope messages, the size where the line is worth trusting.
const flows = loadFlows(path.resolve(__dirname, '../../../flows'));
const intents = intentExamples(flows);
const extras = trainingExtras(flows);

function lineWith(moreOutOfScope: string[]): number {
  const nlu = new LocalNlu();
  nlu.train(intents, { ...extras, outOfScope: [...(extras.outOfScope ?? []), ...moreOutOfScope] });
  return nlu.threshold;
}

describe('LocalNlu: the calibrated line when the out-of-scope set changes a little', () => {
  const shipped = lineWith([]);

  it.each([
    [['who won the football match last night?']],
    [['amar chhoto bhai er exam kobe shesh?', 'what is the capital of France?']],
  ])('barely moves when a supervisor marks %j out of scope', (taught) => {
    // Folds and training order come from each message's text, so the others keep theirs.
    expect(Math.abs(lineWith(taught) - shipped)).toBeLessThanOrEqual(0.01);
  });
});
