/**
 * Writes a Dialogflow ES agent ZIP from the flow files' triggers, to import in the console
 * (agent settings > Export and Import > Import from ZIP, or Restore from ZIP). See docs/DIALOGFLOW.md.
 *   npx tsx scripts/dialogflow-export.ts [--flows flows] [--out dialogflow-agent.zip] [--name "Shop bot"] [--time-zone Asia/Dhaka]
 */
import fs from 'node:fs';
import path from 'node:path';
import { FlowLoadError } from '../src/flowfiles/model';
import { intentExamples, loadFlows } from '../src/flowfiles/loadFlows';
import { buildAgentZip } from '../src/nlu/dialogflow/agentExport';

const USAGE = 'usage: npx tsx scripts/dialogflow-export.ts [--flows flows] [--out dialogflow-agent.zip] [--name "Shop bot"] [--time-zone Asia/Dhaka]';

function parseArgs(argv: string[]): Record<string, string> {
  const args: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (flag === '--help' || flag === '-h') throw new Error(USAGE);
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(flag);
    if (!match) throw new Error(`unexpected argument ${flag}\n${USAGE}`);
    const value = match[2] ?? argv[++i];
    if (value === undefined || value.startsWith('--')) throw new Error(`--${match[1]} needs a value\n${USAGE}`);
    args[match[1]] = value;
  }
  const unknown = Object.keys(args).filter((k) => !['flows', 'out', 'name', 'time-zone'].includes(k));
  if (unknown.length > 0) throw new Error(`unknown option --${unknown[0]}\n${USAGE}`);
  return args;
}

async function main(): Promise<void> {
  let args: Record<string, string>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 2;
    return;
  }
  const flowsDir = path.resolve(args.flows ?? process.env.FLOWS_DIR ?? 'flows');
  const out = path.resolve(args.out ?? 'dialogflow-agent.zip');
  try {
    const intents = intentExamples(loadFlows(flowsDir));
    const { zip, summary } = await buildAgentZip(intents, { displayName: args.name ?? 'Shop bot', timeZone: args['time-zone'] });
    fs.writeFileSync(out, zip);
    const phrases = Object.entries(summary.phrases).map(([lang, n]) => `${n} ${lang}`).join(', ');
    console.log(`Wrote ${path.relative(process.cwd(), out) || out}: ${summary.intents} intents (${phrases} training phrases) and the Default Fallback Intent.`);
    console.log('Import it in the Dialogflow ES console: agent settings > Export and Import > Import from ZIP.');
  } catch (error) {
    console.error(error instanceof FlowLoadError ? error.message : `Could not export the agent: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}

main();
