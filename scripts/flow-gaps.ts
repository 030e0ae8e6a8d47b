/**
 * `npm run flows:gaps`: the questions the bot could not answer, grouped by similarity, most
 * asked first — the next intents to add. Reads the configured store (MONGODB_URI, or the SQLite file in DATA_DIR).
 *   npm run flows:gaps [-- --limit 30] [--assign]
 * --assign goes through them one by one: which intent each is, or out of scope (as the
 * console's Unanswered page does), saved into the flow files.
 */
import { loadConfig } from '../src/config/load';
import { groupUnanswered } from '../src/domain/unanswered';
import { createSilentLogger } from '../src/observability/logger';
import { createStore } from '../src/runtime/adapters';
import { userInfo } from 'node:os';
import { teachFromTerminal } from './support/teachFromTerminal';

async function main(): Promise<void> {
  const i = process.argv.indexOf('--limit');
  const limit = i > 0 ? Number(process.argv[i + 1]) : 30;
  const config = loadConfig();
  const store = createStore(config, createSilentLogger(), { tool: true });
  await store.init();
  try {
    const groups = groupUnanswered(await store.unanswered.list(5000)).slice(0, limit);
    if (groups.length === 0) {
      console.log('No unanswered questions recorded yet.');
      return;
    }
    if (process.argv.includes('--assign')) {
      const tally = await teachFromTerminal({ store, flowsDir: config.flowsDir, teams: config.handoff.teams, groups, input: process.stdin, output: process.stdout, actorId: `cli:${userInfo().username}` });
      console.log(`\n${tally.taught} taught, ${tally.outOfScope} marked out of scope, ${tally.skipped} skipped.`);
      return;
    }
    console.log('count  variants  last asked            example');
    for (const g of groups) {
      console.log(`${String(g.count).padStart(5)}  ${String(g.variants).padStart(8)}  ${new Date(g.lastAt).toISOString().slice(0, 16).replace('T', ' ')}  ${g.lastExample}`);
    }
    console.log(`\nTeach the top ones with npm run flows:gaps -- --assign (or on the console's Unanswered page), or write a new flow (docs/FLOWS.md).`);
  } finally {
    await store.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
