import { randomUUID } from 'node:crypto';
import type { Locale } from '../domain/locale';
import { foldForCompare } from '../domain/text';
import { addIntentExample, addOutOfScopeExample, type FileChange } from '../flowfiles/editing/exampleEdits';
import type { FlowFileWriter } from '../flowfiles/editing/flowFileWriter';
import type { FlowRegistry } from '../flowfiles/registry';
import { detectLanguage, tokenize } from '../nlu/local';
import type { Store } from '../store/port';

/**
 * Learning from the questions the bot could not answer: a supervisor (on the Unanswered page, or
 * with `npm run flows:gaps -- --assign`) says which intent a question is, or that it is out of
 * scope. The question becomes an example in that flow file (or in flows/nlu/out_of_scope.yaml),
 * checked like any flow change, put live in this process at once (the other processes follow
 * through their FlowWatcher), recorded in the audit trail, and removed from the list.
 */
export interface TeachDeps {
  store: Store;
  flows: FlowRegistry;
  writer: FlowFileWriter;
  /** Loads the changed flows in this process now and retrains the NLU; settles once the bot answers with them. */
  reload: () => void | Promise<void>;
  clock?: () => number;
}

export interface TeachRequest {
  /** The stored questions this answers (an Unanswered group's keys). */
  keys: string[];
  /** The wording that becomes the example. */
  text: string;
  /** Where the example goes: en, or bn (Bengali script and Banglish). Read from the text when left out. */
  locale?: Locale;
  /** Who taught it, for the audit trail: an agent id, or "cli:<user>". */
  actorId: string;
}

export interface TeachResult {
  /** The flows folder file that changed. */
  file: string;
  intent?: string;
  flowId?: string;
  locale: Locale;
  /** False when the file already had this example. */
  changed: boolean;
  /** Version of the flows now live. */
  version: string;
  /** Questions taken off the Unanswered list. */
  removed: number;
}

/** Bad input from the person teaching (the text); the message says what to change. */
export class TeachError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TeachError';
  }
}

export const MAX_EXAMPLE_LENGTH = 300;

export async function teachIntent(deps: TeachDeps, request: TeachRequest & { intent: string }): Promise<TeachResult> {
  const { text, locale } = checked(request);
  const change = addIntentExample(deps.flows.current, request.intent, locale, text);
  const result = await apply(deps, request, { change, text, locale, action: 'teach-intent', subjectId: change.flowId, intent: request.intent });
  return { ...result, intent: request.intent, flowId: change.flowId };
}

export async function teachOutOfScope(deps: TeachDeps, request: TeachRequest): Promise<TeachResult> {
  const { text, locale } = checked(request);
  return apply(deps, request, { change: addOutOfScopeExample(deps.flows.current, locale, text), text, locale, action: 'teach-out-of-scope', subjectId: 'out_of_scope' });
}

interface Lesson {
  change: FileChange;
  text: string;
  locale: Locale;
  action: string;
  subjectId: string;
  intent?: string;
}

async function apply(deps: TeachDeps, request: TeachRequest, lesson: Lesson): Promise<TeachResult> {
  const actor = await deps.store.agents.get(request.actorId);
  const where = lesson.intent ? `intent ${lesson.intent}` : 'the out-of-scope messages';
  const author = { actor: { id: request.actorId, name: actor?.name ?? request.actorId }, action: 'teach' as const, message: `Taught "${lesson.text}" (${lesson.locale}) to ${where}` };
  const edit = await deps.writer.edit(lesson.change.file, lesson.change.change, author);
  if (edit.changed) await deps.reload();
  const removed = await deps.store.unanswered.remove(request.keys);
  await deps.store.audit.append({
    id: randomUUID(), at: (deps.clock ?? Date.now)(), actorId: request.actorId, action: lesson.action, subjectType: 'flow', subjectId: lesson.subjectId,
    detail: { intent: lesson.intent, text: lesson.text, locale: lesson.locale, file: edit.file, questions: removed },
  });
  return { file: edit.file, locale: lesson.locale, changed: edit.changed, version: edit.version ?? deps.flows.current.version, removed };
}

function checked(request: TeachRequest): { text: string; locale: Locale } {
  const text = request.text.trim().replace(/\s+/g, ' ');
  if (foldForCompare(text) === '') throw new TeachError('The example needs some words: it has no letters or digits');
  if (text.length > MAX_EXAMPLE_LENGTH) throw new TeachError(`The example is ${text.length} characters; keep it under ${MAX_EXAMPLE_LENGTH}, the way a customer would ask`);
  return { text, locale: request.locale ?? detectLanguage(text, tokenize(text, 48)).locale };
}
