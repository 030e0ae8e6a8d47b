/**
 * Every conversation spec in flows/tests/ as one jest test, so CI counts and names them.
 * The same specs run with `npm run flows:test`; a failure shows the runner's message
 * (what was expected, what the bot said, and the conversation so far).
 */
import path from 'node:path';
import { failureMessage, formatProblems } from '../../../src/flowspecs/report';
import { loadSpecFiles } from '../../../src/flowspecs/parseSpecFile';
import { startSpecBot, type SpecBot } from '../../../src/flowspecs/runSpecs';

const flowsDir = path.resolve(__dirname, '../../../flows');
const files = loadSpecFiles(path.join(flowsDir, 'tests'));

describe('sample flows: conversation specs in flows/tests', () => {
  let bot: SpecBot | undefined;

  beforeAll(async () => {
    bot = await startSpecBot({ flowsDir });
  });

  afterAll(async () => {
    await bot?.stop();
  });

  it('has spec files', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  for (const file of files) {
    describe(path.basename(file.file), () => {
      if (file.problems.length > 0) {
        it('is a valid spec file', () => {
          throw new Error(`${file.file} does not validate:\n${formatProblems(file.problems)}`);
        });
      }
      for (const spec of file.specs) {
        it(spec.name, async () => {
          if (!bot) throw new Error('the bot did not start');
          const result = await bot.run(spec);
          if (!result.ok) throw new Error(failureMessage(result));
        });
      }
    });
  }
});
