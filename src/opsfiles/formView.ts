import { parseDocument } from 'yaml';
import type { YamlPath } from '../flowfiles/editing/sequenceEdit';

/**
 * What the Flows page's form view shows of a file: its texts in each language, the example
 * phrases of each intent, and the buttons of each reply. Each carries the path of its node,
 * which a form edit (flowfiles/editing/formEdits.ts) names to change it in the YAML.
 */
export interface FormModel {
  texts: FormText[];
  examples: FormExamples[];
  buttons: FormButtons[];
  /** Steps of this flow a new button may go to. */
  steps: string[];
}

export interface FormText {
  path: YamlPath;
  /** What the text is: `Step "inside_dhaka" › reply text`. */
  label: string;
  /** A text per language, or `all`: one text for every language (a plain string in the file). */
  values: { en?: string; bn?: string } | { all: string };
}

export interface FormExamples {
  /** The `examples` mapping (`en` and `bn` lists under it). */
  path: YamlPath;
  label: string;
  en: string[];
  bn: string[];
}

export interface FormButtons {
  /** The `buttons` list. */
  path: YamlPath;
  label: string;
  items: { id: string; title: string; does: string }[];
}

/** Keys whose value is a text the customer reads (a string, or `{ en, bn }`). */
const TEXT_KEYS = new Set(['title', 'text', 'hint', 'button', 'description', 'caption']);
const ITEM_NAMES: Record<string, string> = { steps: 'Step', buttons: 'Button', rows: 'Row', choice: 'Choice', replies: 'Reply', templates: 'Template', triggers: 'Trigger' };

export function formOf(source: string): FormModel {
  const doc = parseDocument(source);
  const data = doc.errors.length > 0 ? null : (doc.toJS() as unknown);
  const model: FormModel = { texts: [], examples: [], buttons: [], steps: [] };
  if (!isObject(data)) return model;
  if (Array.isArray(data.steps)) model.steps = data.steps.map((s) => (isObject(s) && typeof s.id === 'string' ? s.id : '')).filter(Boolean);
  walk(data, [], [], model);
  return model;
}

function walk(node: unknown, path: YamlPath, trail: string[], model: FormModel): void {
  if (Array.isArray(node)) {
    const name = ITEM_NAMES[String(path[path.length - 1])];
    node.forEach((item, i) => walk(item, [...path, i], name ? [...trail.slice(0, -1), `${name} ${itemName(item, i)}`] : trail, model));
    return;
  }
  if (!isObject(node)) return;
  for (const [key, value] of Object.entries(node)) {
    const at = [...path, key];
    const label = [...trail, key].join(' › ');
    if (TEXT_KEYS.has(key) && isText(value)) model.texts.push({ path: at, label, values: typeof value === 'string' ? { all: value } : { en: value.en as string | undefined, bn: value.bn as string | undefined } });
    else if (key === 'examples' && isObject(value)) model.examples.push({ path: at, label: trail.join(' › ') || 'Examples', en: strings(value.en), bn: strings(value.bn) });
    else if (key === 'buttons' && Array.isArray(value)) model.buttons.push({ path: at, label: trail.join(' › '), items: value.filter(isObject).map(describeButton) });
    if (typeof value === 'object') walk(value, at, [...trail, key], model);
  }
}

function describeButton(button: Record<string, unknown>): { id: string; title: string; does: string } {
  const title = isObject(button.title) ? String(button.title.en ?? button.title.bn ?? '') : String(button.title ?? '');
  const does = button.goto ? `goes to step ${String(button.goto)}` : button.flow ? `starts flow ${String(button.flow)}` : button.menu ? 'shows the main menu' : button.handoff ? 'hands over to a person' : '';
  return { id: String(button.id ?? ''), title, does };
}

function itemName(item: unknown, index: number): string {
  if (isObject(item) && typeof item.id === 'string') return `"${item.id}"`;
  if (isObject(item) && typeof item.intent === 'string') return `"${item.intent}"`;
  if (isObject(item) && typeof item.name === 'string') return `"${item.name}${typeof item.language === 'string' ? ` (${item.language})` : ''}"`;
  return String(index + 1);
}

function isText(value: unknown): value is string | Record<string, unknown> {
  if (typeof value === 'string') return true;
  if (!isObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((k) => (k === 'en' || k === 'bn') && typeof value[k] === 'string');
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
