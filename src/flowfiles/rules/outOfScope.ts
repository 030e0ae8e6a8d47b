import { foldForCompare } from '../../domain/text';
import type { FlowProblem } from '../model';
import type { ParsedOutOfScope } from '../outOfScopeFile';
import type { ParsedTrainingFile } from '../trainingFile';
import type { ValidFlowFile } from './types';

/** A message cannot be both an intent's example and out of scope: the model would learn nothing from either. */
export function outOfScopeConflicts(files: ValidFlowFile[], outOfScope: ParsedOutOfScope, training: readonly ParsedTrainingFile[] = []): FlowProblem[] {
  const examples = new Map<string, string>();
  for (const file of files) {
    for (const trigger of file.definition.triggers ?? []) {
      for (const list of Object.values(trigger.examples)) for (const example of list ?? []) examples.set(foldForCompare(example), `${trigger.intent} (${file.file})`);
    }
  }
  for (const file of training) for (const list of Object.values(file.byLocale)) for (const example of list) examples.set(foldForCompare(example), `${file.intent} (${file.file})`);
  const problems: FlowProblem[] = [];
  const seen = new Set<string>();
  for (const [locale, list] of Object.entries(outOfScope.byLocale)) {
    list.forEach((text, i) => {
      const key = foldForCompare(text);
      const intent = examples.get(key);
      const at = { file: outOfScope.file, ...outOfScope.locate(['examples', locale, i]) };
      if (intent) problems.push({ ...at, message: `"${text}" is out of scope here but an example of intent ${intent}`, hint: 'keep it in one place' });
      else if (seen.has(key)) problems.push({ ...at, message: `"${text}" is listed twice` });
      seen.add(key);
    });
  }
  return problems;
}

/** A training file teaches an intent some flow triggers on; otherwise its phrasings would go nowhere. */
export function trainingFileProblems(files: ValidFlowFile[], training: readonly ParsedTrainingFile[]): FlowProblem[] {
  const intents = new Set(files.flatMap((f) => (f.definition.triggers ?? []).map((t) => t.intent)));
  return training
    .filter((t) => t.intent !== undefined && !intents.has(t.intent))
    .map((t) => ({ file: t.file, ...t.locate(['intent']), message: `intent "${t.intent}" is not a trigger of any flow`, hint: `one of: ${[...intents].sort().join(', ')}` }));
}

/** A name of another business listed twice. (One that is also a synonym of the shop's is a business it works with: OtherBusinesses.) */
export function otherBusinessDuplicates(outOfScope: ParsedOutOfScope): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const seen = new Set<string>();
  outOfScope.otherBusinesses.forEach((name, i) => {
    const key = foldForCompare(name);
    if (seen.has(key)) problems.push({ file: outOfScope.file, ...outOfScope.locate(['otherBusinesses', i]), message: `"${name}" is listed twice` });
    seen.add(key);
  });
  return problems;
}
