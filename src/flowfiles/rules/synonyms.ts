import { foldForCompare } from '../../domain/text';
import type { FlowProblem } from '../model';
import { problemAt, type FlowRule } from './types';

/** Longer than this is a sentence, not a synonym: put it under an intent's examples instead. */
export const MAX_SYNONYM_WORDS = 6;

/**
 * Synonym groups must say one thing each: a word in two groups would make them one group
 * without anyone deciding so, and a member that is empty once punctuation is gone matches
 * nothing.
 */
export const synonymGroups: FlowRule = (files) => {
  const problems: FlowProblem[] = [];
  const owner = new Map<string, { file: string; group: number; line: number }>();
  for (const file of files) {
    (file.definition.synonyms ?? []).forEach((group, g) => {
      const inGroup = new Set<string>();
      group.forEach((member, m) => {
        const at = ['synonyms', g, m];
        const key = foldForCompare(member);
        if (key === '') {
          problems.push(problemAt(file, at, `synonym "${member}" has no letters or digits`));
          return;
        }
        if (key.split(' ').length > MAX_SYNONYM_WORDS) {
          problems.push(problemAt(file, at, `synonym "${member}" is longer than ${MAX_SYNONYM_WORDS} words`, 'a synonym is a word or a short phrase; put whole questions under an intent\'s examples'));
        }
        if (inGroup.has(key)) {
          problems.push(problemAt(file, at, `synonym "${member}" is listed twice in this group`));
          return;
        }
        inGroup.add(key);
        const earlier = owner.get(key);
        if (earlier && !(earlier.file === file.file && earlier.group === g)) {
          problems.push(problemAt(file, at, `synonym "${member}" is also in the group at ${earlier.file}:${earlier.line}`, 'keep each word in one group, or merge the two groups'));
        } else if (!earlier) {
          owner.set(key, { file: file.file, group: g, line: file.locate(['synonyms', g]).line });
        }
      });
    });
  }
  return problems;
};
