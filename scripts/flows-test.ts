/**
 * `npm run flows:test`: plays every conversation spec in `flows/tests/` against the whole bot
 * (embedded adapters, the flows in `flows/`, the demo order API) and reports ✓ / ✗ per spec.
 *   --flows <dir>    the flows folder (default: flows); specs are read from <dir>/tests
 *   --specs <dir>    read specs from another folder
 *   --grep <text>    only specs whose name (or file name) contains the text, any case
 *   --verbose, -v    show the conversation of passing specs too
 * Exits 1 when a spec fails or a spec file does not validate.
 */
import path from 'node:path';
import { FlowLoadError, formatProblem } from '../src/flowfiles/model';
import { loadSpecFiles, type ConversationSpec } from '../src/flowspecs/parseSpecFile';
import { runSpecs } from '../src/flowspecs/runSpecs';
import { formatResult } from '../src/flowspecs/report';

interface Args {
  flows: string;
  specs?: string;
  grep?: string;
  verbose: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { flows: 'flows', verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) usage(`${arg} needs a value`);
      return v;
    };
    if (arg === '--flows') args.flows = value();
    else if (arg === '--specs') args.specs = value();
    else if (arg === '--grep') args.grep = value();
    else if (arg === '--verbose' || arg === '-v') args.verbose = true;
    else if (arg === '--help' || arg === '-h') usage();
    else usage(`unknown argument "${arg}"`);
  }
  return args;
}

function usage(problem?: string): never {
  if (problem) console.error(problem);
  console.error('usage: npm run flows:test -- [--flows flows] [--specs flows/tests] [--grep text] [--verbose]');
  process.exit(problem ? 2 : 0);
}

async function main(): Promise<void> {
  const started = Date.now();
  const args = parseArgs(process.argv.slice(2));
  const flowsDir = path.resolve(args.flows);
  const specsDir = path.resolve(args.specs ?? path.join(args.flows, 'tests'));

  const files = loadSpecFiles(specsDir);
  const problems = files.flatMap((f) => f.problems);
  if (files.length === 0) console.error(`no spec files (*.yaml) in ${path.relative(process.cwd(), specsDir) || specsDir}`);
  for (const problem of problems) console.error(formatProblem(problem));
  if (problems.length > 0) console.error('');

  const wanted = (file: string, spec: ConversationSpec) =>
    !args.grep || spec.name.toLowerCase().includes(args.grep.toLowerCase()) || path.basename(file).toLowerCase().includes(args.grep.toLowerCase());
  const selected = files.map((f) => ({ file: f.file, specs: f.specs.filter((s) => wanted(f.file, s)) })).filter((f) => f.specs.length > 0);

  let passed = 0;
  let failed = 0;
  if (selected.length > 0) {
    const byFile = new Map(selected.map((f) => [f.file, f.specs.length]));
    let currentFile = '';
    try {
      await runSpecs(
        selected.flatMap((f) => f.specs),
        {
          flowsDir,
          onResult(result) {
            if (result.at.file !== currentFile) {
              currentFile = result.at.file;
              console.log(`\n${currentFile}  (${byFile.get(currentFile)} spec${byFile.get(currentFile) === 1 ? '' : 's'})`);
            }
            if (result.ok) passed++;
            else failed++;
            console.log(formatResult(result, { verbose: args.verbose }).replace(/^/gm, '  '));
          },
        },
      );
    } catch (error) {
      if (!(error instanceof FlowLoadError)) throw error;
      for (const problem of error.problems) console.error(formatProblem(problem));
      console.error('\nThe flows do not load, so no spec can run. Fix them first (npm run flows:check).');
      process.exit(1);
    }
  } else if (args.grep) {
    console.log(`no spec matches "${args.grep}"`);
  }

  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log('');
  if (problems.length > 0) {
    const bad = files.filter((f) => f.problems.length > 0).length;
    console.log(`${bad} spec file${bad === 1 ? '' : 's'} did not validate (${problems.length} problem${problems.length === 1 ? '' : 's'} above); their specs did not run`);
  }
  console.log(`${passed} passed, ${failed} failed  (${seconds} s)`);
  process.exit(failed > 0 || problems.length > 0 || files.length === 0 ? 1 : 0);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack ?? error.message : error);
  process.exit(1);
});
