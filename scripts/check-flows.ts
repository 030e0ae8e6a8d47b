/**
 * `npm run flows:check`: validates every flow file and exits non-zero on any problem,
 * printing each as `file:line:column  what is wrong  (hint)`.
 */
import path from 'node:path';
import { FlowLoadError, formatProblem } from '../src/flowfiles/model';
import { loadFlows } from '../src/flowfiles/loadFlows';
import { loadConfig } from '../src/config/load';

const dir = path.resolve(process.argv[2] ?? process.env.FLOWS_DIR ?? 'flows');
try {
  const set = loadFlows(dir, { teams: loadConfig().handoff.teams });
  const intents = [...set.flows.values()].reduce((n, f) => n + (f.definition.triggers?.length ?? 0), 0);
  console.log(`flows ok: ${set.flows.size} flows, ${intents} intents (version ${set.version})`);
} catch (error) {
  if (!(error instanceof FlowLoadError)) throw error;
  for (const problem of error.problems) console.error(formatProblem(problem));
  console.error(`\n${error.problems.length} problem${error.problems.length === 1 ? '' : 's'} found; the bot will not start with these flows.`);
  process.exit(1);
}
