import type { FlowFileInput, StepInput } from './schema';
import type { FlowProblem } from './model';
import type { ParsedFlowFile } from './parseFile';

/** Checks that need every file at once: unique ids and every reference pointing somewhere. */
export function crossCheck(files: ParsedFlowFile[]): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const flowIds = new Map<string, string>();
  const intents = new Map<string, string>();
  const valid = files.filter((f): f is ParsedFlowFile & { definition: FlowFileInput } => !!f.definition);

  // A flow whose file is broken is still there for references: one mistake, one message.
  for (const f of files) if (!f.definition && f.declaredId && !flowIds.has(f.declaredId)) flowIds.set(f.declaredId, f.file);
  for (const f of valid) {
    const def = f.definition;
    const at = (path: (string | number)[], message: string, hint?: string) =>
      problems.push({ file: f.file, ...f.locate(path), message, hint });
    if (flowIds.has(def.id) && flowIds.get(def.id) !== f.file) at(['id'], `flow id "${def.id}" is already used by ${flowIds.get(def.id)}`);
    flowIds.set(def.id, f.file);
    def.triggers?.forEach((t, i) => {
      if (intents.has(t.intent)) at(['triggers', i, 'intent'], `intent "${t.intent}" is already claimed in ${intents.get(t.intent)}`);
      intents.set(t.intent, f.file);
    });
  }

  for (const f of valid) {
    const def = f.definition;
    const stepIds = new Set<string>();
    const at = (path: (string | number)[], message: string, hint?: string) =>
      problems.push({ file: f.file, ...f.locate(path), message, hint });
    def.steps.forEach((s, i) => {
      if (stepIds.has(s.id)) at(['steps', i, 'id'], `step id "${s.id}" is used twice in this flow`);
      stepIds.add(s.id);
    });
    def.steps.forEach((s, i) => {
      for (const ref of stepReferences(s)) {
        const path = ['steps', i, ...ref.path];
        if (ref.kind === 'step' && !stepIds.has(ref.target)) {
          at(path, `goes to step "${ref.target}", which this flow does not have`, `steps here: ${[...stepIds].join(', ')}`);
        }
        if (ref.kind === 'flow' && !flowIds.has(ref.target)) {
          at(path, `starts flow "${ref.target}", which no file defines`);
        }
      }
      if (s.ask?.validate && 'pattern' in s.ask.validate) {
        try {
          new RegExp(s.ask.validate.pattern, s.ask.validate.flags);
        } catch (error) {
          at(['steps', i, 'ask', 'validate', 'pattern'], `pattern is not a valid regular expression: ${(error as Error).message}`);
        }
      }
    });
  }
  return problems;
}

interface Reference {
  kind: 'step' | 'flow';
  target: string;
  path: (string | number)[];
}

/** Every place a step points at another step or flow. */
export function stepReferences(s: StepInput): Reference[] {
  const refs: Reference[] = [];
  const add = (kind: Reference['kind'], target: string | undefined, path: (string | number)[]) => {
    if (target !== undefined) refs.push({ kind, target, path });
  };
  add('step', s.next, ['next']);
  s.reply?.buttons?.forEach((b, j) => {
    add('step', b.goto, ['reply', 'buttons', j, 'goto']);
    add('flow', b.flow, ['reply', 'buttons', j, 'flow']);
  });
  s.reply?.list?.rows.forEach((r, j) => {
    add('step', r.goto, ['reply', 'list', 'rows', j, 'goto']);
    add('flow', r.flow, ['reply', 'list', 'rows', j, 'flow']);
  });
  if (s.ask?.onFail && s.ask.onFail !== 'handoff') add('step', s.ask.onFail, ['ask', 'onFail']);
  if (s.ask_phone?.onFail && s.ask_phone.onFail !== 'handoff') add('step', s.ask_phone.onFail, ['ask_phone', 'onFail']);
  s.branch?.cases.forEach((c, j) => add('step', c.goto, ['branch', 'cases', j, 'goto']));
  add('step', s.branch?.otherwise, ['branch', 'otherwise']);
  add('step', s.lookup?.onError, ['lookup', 'onError']);
  add('step', s.lookup?.onNotFound, ['lookup', 'onNotFound']);
  return refs;
}
