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

/**
 * Fills placeholders in a URL. Values come from customers, so each one is percent-encoded:
 * an order number of "1/../../admin" must stay one path segment.
 */
export function interpolateUrl(template: string, values: CollectedValues): string {
  return template.replace(PLACEHOLDER, (_, path: string) => encodeURIComponent(display(readPath(values, path))));
}

export function placeholdersOf(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => m[1]);
}
