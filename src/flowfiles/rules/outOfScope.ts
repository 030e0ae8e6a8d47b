import { foldForCompare } from '../../domain/text';
import type { FlowProblem } from '../model';
import type { ParsedOutOfScope } from '../outOfScopeFile';
import type { ValidFlowFile } from './types';

/** A message cannot be both an intent's example and out of scope: the model would learn nothing from either. */
export function outOfScopeConflicts(files: ValidFlowFile[], outOfScope: ParsedOutOfScope): FlowProblem[] {
  const examples = new Map<string, string>();
  for (const file of files) {
    for (const trigger of file.definition.triggers ?? []) {
      for (const list of Object.values(trigger.examples)) for (const example of list ?? []) examples.set(foldForCompare(example), `${trigger.intent} (${file.file})`);
    }
  }
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
