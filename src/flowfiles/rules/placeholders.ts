import type { FlowProblem } from '../model';
import { placeholdersOf } from '../interpolate';
import { problemAt, type FlowRule } from './types';
import { visitTexts } from './visitTexts';

/** Values every conversation has, whatever the flow. */
const ALWAYS_AVAILABLE = new Set(['customer']);

/** `{{order_id}}` in a text of a flow that never asks for or looks up `order_id` shows as nothing. */
export const uncollectedPlaceholders: FlowRule = (files) =>
  files.flatMap((file) => {
    const collected = new Set(ALWAYS_AVAILABLE);
    for (const step of file.definition.steps) {
      if (step.ask) collected.add(step.ask.save);
      if (step.ask_phone) collected.add(step.ask_phone.save);
      if (step.lookup) {
        collected.add(step.lookup.save);
        collected.add(`${step.lookup.save}_error`);
      }
    }
    const problems: FlowProblem[] = [];
    const check = (template: string, path: (string | number)[]) => {
      for (const name of placeholdersOf(template)) {
        const root = name.split('.')[0];
        if (!collected.has(root)) problems.push(problemAt(file, path, `{{${name}}} is never collected in this flow`, `values here: ${[...collected].join(', ')}`));
      }
    };
    visitTexts(file.definition, (text, path) => {
      for (const value of typeof text === 'string' ? [text] : Object.values(text)) if (value) check(value, path);
    });
    file.definition.steps.forEach((step, i) => {
      if (step.lookup) check(step.lookup.url, ['steps', i, 'lookup', 'url']);
      for (const kind of ['image', 'document'] as const) if (step.reply?.[kind]) check(step.reply[kind]!.url, ['steps', i, 'reply', kind, 'url']);
    });
    return problems;
  });
