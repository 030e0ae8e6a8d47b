import type { CollectedValues } from '../domain/conversation';

const PLACEHOLDER = /\{\{\s*([a-zA-Z_][\w.]*)\s*\}\}/g;

/** Reads `a.b.c` from collected values; undefined when any part is missing. */
export function readPath(values: CollectedValues, path: string): unknown {
  let current: unknown = values;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function display(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(display).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Fills `{{name}}` placeholders in a text shown to the customer. */
export function interpolate(template: string, values: CollectedValues): string {
  return template.replace(PLACEHOLDER, (_, path: string) => display(readPath(values, path)));
}

/** A URL template filled in, or the placeholder whose value cannot go into a URL. */
export type FilledUrl = { url: string } | { refused: string };

/**
 * Fills placeholders in a URL. Values come from customers, so each one is percent-encoded: an
 * order number of "1/../../admin" must stay one path segment. In the path, a value that is
 * empty or only dots is refused: percent-encoding leaves "." and ".." as they are, and as a path
 * segment they climb out of the template's path (/orders/.. is /; /orders/ lists them all).
 */
export function interpolateUrl(template: string, values: CollectedValues): FilledUrl {
  const query = template.search(/[?#]/);
  let refused: string | undefined;
  const url = template.replace(PLACEHOLDER, (_, path: string, offset: number) => {
    const value = display(readPath(values, path));
    if ((query === -1 || offset < query) && /^\.*$/.test(value)) refused ??= path;
    return encodeURIComponent(value);
  });
  return refused === undefined ? { url } : { refused };
}

/** The template up to its first placeholder: the part no customer value can change. */
export function fixedPrefix(template: string): string {
  const first = template.search(PLACEHOLDER);
  return first === -1 ? template : template.slice(0, first);
}

export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]);
}
