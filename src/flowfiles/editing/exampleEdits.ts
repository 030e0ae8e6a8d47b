import path from 'node:path';
import type { Locale } from '../../domain/locale';
import { foldForCompare } from '../../domain/text';
import type { FlowSet } from '../model';
import { OUT_OF_SCOPE_FILE } from '../outOfScopeFile';
import { appendToSequence, blockScalar } from './sequenceEdit';

/** A change to one file of the flows folder, for FlowFileWriter.edit. */
export interface FileChange {
  /** Relative to the flows folder. */
  file: string;
  change: (source: string) => string;
}

export class UnknownIntentError extends Error {
  constructor(readonly intent: string) {
    super(`No flow has the intent "${intent}"`);
    this.name = 'UnknownIntentError';
  }
}

/** One more example of `intent`, in the file of the flow that claims it. Adding one it already has changes nothing. */
export function addIntentExample(set: FlowSet, intent: string, locale: Locale, text: string): FileChange & { flowId: string } {
  const flowId = set.intentToFlow.get(intent);
  const flow = flowId ? set.flows.get(flowId) : undefined;
  const trigger = flow?.definition.triggers?.findIndex((t) => t.intent === intent) ?? -1;
  if (!flow || trigger < 0) throw new UnknownIntentError(intent);
  const existing = Object.values(flow.definition.triggers?.[trigger]?.examples ?? {}).flat();
  const known = existing.some((example) => foldForCompare(example ?? '') === foldForCompare(text));
  return {
    flowId: flow.id,
    file: path.basename(flow.file),
    change: (source) => (known ? source : appendToSequence(source, ['triggers', trigger, 'examples', locale], text)),
  };
}

const NEW_OUT_OF_SCOPE_FILE = (locale: Locale, text: string) => `# Out of scope: messages this shop's flows do not answer (docs/FLOWS.md, "What the bot should not answer").
examples:
  ${locale}:
    - ${blockScalar(text)}
`;

/** One more out-of-scope message; the file is created when the shop has none yet. */
export function addOutOfScopeExample(set: FlowSet, locale: Locale, text: string): FileChange {
  const known = set.outOfScope.some((example) => foldForCompare(example) === foldForCompare(text));
  return {
    file: OUT_OF_SCOPE_FILE,
    change: (source) => {
      if (known) return source;
      return source.trim() === '' ? NEW_OUT_OF_SCOPE_FILE(locale, text) : appendToSequence(source, ['examples', locale], text);
    },
  };
}
