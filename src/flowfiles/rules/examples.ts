import { foldForCompare } from '../../domain/text';
import { problemAt, type FlowRule } from './types';

/** The same example phrase under two intents makes the matcher pick one at random. */
export const duplicateExamples: FlowRule = (files) => {
  const seen = new Map<string, { intent: string; file: string }>();
  const problems = [];
  for (const file of files) {
    for (const [t, trigger] of (file.definition.triggers ?? []).entries()) {
      for (const [locale, examples] of Object.entries(trigger.examples)) {
        for (const [e, example] of (examples ?? []).entries()) {
          const key = foldForCompare(example);
          const earlier = seen.get(key);
          if (earlier && earlier.intent !== trigger.intent) {
            problems.push(problemAt(file, ['triggers', t, 'examples', locale, e], `example "${example}" is also an example of intent "${earlier.intent}" (${earlier.file})`, 'keep each phrase under one intent'));
          } else if (!earlier) {
            seen.set(key, { intent: trigger.intent, file: file.file });
          }
        }
      }
    }
  }
  return problems;
};
