import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { UnansweredGroup } from '../../src/domain/unanswered';
import { intentExamples, loadFlows, trainingExtras } from '../../src/flowfiles/loadFlows';
import { formatProblem } from '../../src/flowfiles/model';
import { FlowRegistry } from '../../src/flowfiles/registry';
import { FlowEditBusy, FlowEditRefused, FlowFileWriter } from '../../src/flowfiles/editing/flowFileWriter';
import { UnknownIntentError } from '../../src/flowfiles/editing/exampleEdits';
import { localize } from '../../src/conversation/localize';
import { LocalNlu } from '../../src/nlu/local';
import type { Store } from '../../src/store/port';
import { teachIntent, teachOutOfScope, TeachError, type TeachDeps } from '../../src/unanswered/teach';

/**
 * `npm run flows:gaps -- --assign`: the Unanswered page in a terminal. For each question the
 * model's best intents are numbered; the answer is a number, an intent name, "o" (out of scope),
 * "s" or Enter (skip) or "q" (quit). Each answer is saved as the console saves it
 * (src/unanswered/teach.ts); a running bot picks the flow change up through its FlowWatcher.
 */
export interface TerminalTeaching {
  store: Store;
  flowsDir: string;
  teams: string[];
  groups: UnansweredGroup[];
  input: Readable;
  output: Writable;
  /** For the audit trail. */
  actorId: string;
}

export interface TeachingTally {
  taught: number;
  outOfScope: number;
  skipped: number;
}

const SUGGESTIONS = 3;

export async function teachFromTerminal(options: TerminalTeaching): Promise<TeachingTally> {
  const context = { teams: options.teams };
  const flows = new FlowRegistry(loadFlows(options.flowsDir, context));
  const nlu = new LocalNlu();
  const retrain = () => nlu.train(intentExamples(flows.current), trainingExtras(flows.current));
  retrain();
  const deps: TeachDeps = {
    store: options.store,
    flows,
    writer: new FlowFileWriter({ dir: options.flowsDir, context, versions: options.store.fileVersions }),
    reload: () => {
      flows.replace(loadFlows(options.flowsDir, context));
      retrain();
    },
  };
  const say = (text: string) => options.output.write(`${text}\n`);
  const lines = readline.createInterface({ input: options.input, terminal: false })[Symbol.asyncIterator]();
  const ask = async (prompt: string) => {
    options.output.write(prompt);
    const next = await lines.next();
    return next.done ? undefined : String(next.value).trim();
  };
  const titleOf = (intent: string) => {
    const flow = flows.current.flows.get(flows.current.intentToFlow.get(intent) ?? '');
    return flow ? localize(flow.definition.title, 'en') : intent;
  };

  const tally: TeachingTally = { taught: 0, outOfScope: 0, skipped: 0 };
  for (const [n, group] of options.groups.entries()) {
    const suggestions = (await nlu.detect({ text: group.lastExample, conversationId: 'flows-gaps' })).candidates.slice(0, SUGGESTIONS).map((c) => c.intent);
    say(`\n[${n + 1}/${options.groups.length}] "${group.lastExample}"  (asked ${group.count}×, ${group.variants} wording${group.variants === 1 ? '' : 's'})`);
    say(`    ${suggestions.map((intent, i) => `${i + 1}) ${titleOf(intent)} (${intent})`).join('   ')}`);
    for (;;) {
      const answer = await ask('    number, intent name, o = out of scope, s = skip, q = quit: ');
      if (answer === undefined || answer === 'q') {
        tally.skipped += options.groups.length - n;
        return tally;
      }
      if (answer === '' || answer === 's') {
        tally.skipped += 1;
        break;
      }
      const request = { keys: group.keys, text: group.lastExample, locale: group.locale, actorId: options.actorId };
      const intent = /^\d+$/.test(answer) ? suggestions[Number(answer) - 1] : answer;
      try {
        if (answer === 'o') {
          const result = await teachOutOfScope(deps, request);
          say(`    ✓ marked out of scope (${result.file}); ${result.removed} question${result.removed === 1 ? '' : 's'} off the list`);
          tally.outOfScope += 1;
        } else {
          if (!intent) throw new UnknownIntentError(answer);
          const result = await teachIntent(deps, { ...request, intent });
          say(`    ✓ added to ${titleOf(intent)} (${result.file})${result.changed ? '' : ', which already had it'}; a running bot answers it within a second`);
          tally.taught += 1;
        }
        break;
      } catch (error) {
        if (error instanceof FlowEditRefused) say(`    ✗ not saved:\n${error.problems.map((p) => `      ${formatProblem(p)}`).join('\n')}`);
        else if (error instanceof UnknownIntentError || error instanceof TeachError || error instanceof FlowEditBusy) say(`    ✗ ${error.message}`);
        else throw error;
      }
    }
  }
  return tally;
}
