import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { parseFlowFile, type ParsedFlowFile } from './parseFile';
import { crossCheck } from './crossCheck';
import { FlowLoadError, type Flow, type FlowProblem, type FlowSet } from './model';
import type { IntentExamples, TrainingExtras } from '../nlu/port';
import { FLOW_RULES } from './rules/flowRules';
import { otherBusinessDuplicates, outOfScopeConflicts, trainingFileProblems } from './rules/outOfScope';
import type { RuleContext, ValidFlowFile } from './rules/types';
import { parseOutOfScopeFile, readOutOfScopeSource } from './outOfScopeFile';
import { parseTrainingFile, readTrainingSources } from './trainingFile';

export interface FlowSources {
  flows: { file: string; source: string }[];
  /** flows/nlu/out_of_scope.yaml, when the shop has one. */
  outOfScope?: { file: string; source: string };
  /** flows/nlu/<name>.yaml: more phrasings of an intent (trainingFile.ts). */
  training?: { file: string; source: string }[];
}

export const DEFAULT_RULE_CONTEXT: RuleContext = { teams: ['default', 'sales', 'delivery', 'billing', 'returns'] };

/** Flow files are the YAML files directly in the folder; `tests/` holds conversation specs. */
export function listFlowFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => path.join(dir, e.name))
    .sort();
}

/** Reads, validates and links every flow file; throws FlowLoadError listing all problems. */
export function loadFlows(dir: string, context: RuleContext = DEFAULT_RULE_CONTEXT, now = Date.now()): FlowSet {
  if (!fs.existsSync(dir)) {
    throw new FlowLoadError([{ file: dir, line: 1, column: 1, message: 'flows folder does not exist', hint: 'set FLOWS_DIR' }]);
  }
  return buildFlowSet(readFlowSources(dir), context, now);
}

/** Every file `loadFlows` reads, as it is on disk now. */
export function readFlowSources(dir: string): FlowSources {
  const flows = listFlowFiles(dir).map((file) => ({ file: path.relative(process.cwd(), file) || file, source: fs.readFileSync(file, 'utf8') }));
  return { flows, outOfScope: readOutOfScopeSource(dir), training: readTrainingSources(dir) };
}

/**
 * The same from in-memory sources (tests, hot-reload candidates, an edit before it is written).
 * A plain list is flow files only.
 */
export function buildFlowSet(input: FlowSources | { file: string; source: string }[], context: RuleContext = DEFAULT_RULE_CONTEXT, now = Date.now()): FlowSet {
  const sources: FlowSources = Array.isArray(input) ? { flows: input } : input;
  const parsed: ParsedFlowFile[] = sources.flows.map((s) => parseFlowFile(s.file, s.source));
  const outOfScope = sources.outOfScope && parseOutOfScopeFile(sources.outOfScope.file, sources.outOfScope.source);
  const problems: FlowProblem[] = parsed.flatMap((p) => p.problems);
  problems.push(...(outOfScope?.problems ?? []));
  const training = (sources.training ?? []).map((s) => parseTrainingFile(s.file, s.source));
  problems.push(...training.flatMap((t) => t.problems));
  problems.push(...crossCheck(parsed));
  // The finer rules need files that parsed; they run only once references hold, to avoid noise.
  if (problems.length === 0) {
    const valid = parsed.filter((p): p is ValidFlowFile => !!p.definition);
    for (const rule of FLOW_RULES) problems.push(...rule(valid, context));
    if (outOfScope) problems.push(...outOfScopeConflicts(valid, outOfScope, training), ...otherBusinessDuplicates(outOfScope));
    problems.push(...trainingFileProblems(valid, training));
  }
  if (sources.flows.length === 0) problems.push({ file: '(flows)', line: 1, column: 1, message: 'no flow files found' });
  if (problems.length > 0) throw new FlowLoadError(problems);

  const flows = new Map<string, Flow>();
  const intentToFlow = new Map<string, string>();
  for (const p of parsed) {
    const def = p.definition!;
    flows.set(def.id, {
      id: def.id,
      file: p.file,
      version: p.version,
      definition: def,
      steps: new Map(def.steps.map((s) => [s.id, s])),
      order: def.steps.map((s) => s.id),
    });
    for (const t of def.triggers ?? []) intentToFlow.set(t.intent, def.id);
  }
  const menu = [...flows.values()]
    .filter((f) => f.definition.menu !== undefined)
    .sort((a, b) => (a.definition.menu ?? 0) - (b.definition.menu ?? 0));
  const hash = createHash('sha1').update(parsed.map((p) => p.version).join(','));
  if (sources.outOfScope) hash.update(`\0${sources.outOfScope.source}`);
  for (const t of sources.training ?? []) hash.update(`\0${t.file}\0${t.source}`);
  const synonyms = parsed.flatMap((p) => p.definition?.synonyms ?? []);
  return { flows, intentToFlow, menu, version: hash.digest('hex').slice(0, 12), loadedAt: now, synonyms, outOfScope: outOfScope?.examples ?? [],
    otherBusinesses: outOfScope?.otherBusinesses ?? [],
    trainingExamples: training.map((t) => ({ intent: t.intent as string, file: t.file, examples: t.byLocale })),
  };
}

/** What else the NLU learns from the flows: synonym groups, the out-of-scope messages and other businesses' names. */
export function trainingExtras(set: FlowSet): TrainingExtras {
  return { synonyms: set.synonyms, outOfScope: set.outOfScope, otherBusinesses: set.otherBusinesses ?? [] };
}

/** Training data for the NLU: every trigger's examples, and those of its training files. */
export function intentExamples(set: FlowSet): IntentExamples[] {
  return [...set.flows.values()].flatMap((f) =>
    (f.definition.triggers ?? []).map((t) => {
      const examples: IntentExamples['examples'] = { ...t.examples };
      for (const extra of set.trainingExamples ?? []) {
        if (extra.intent !== t.intent) continue;
        for (const [locale, list] of Object.entries(extra.examples) as [keyof typeof examples, string[]][]) {
          if (list.length > 0) examples[locale] = [...(examples[locale] ?? []), ...list];
        }
      }
      return { intent: t.intent, examples, aliases: t.dialogflow, smallTalk: t.smallTalk };
    }),
  );
}
