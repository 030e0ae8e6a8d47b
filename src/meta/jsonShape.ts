/**
 * Small readers for JSON whose shape we do not control (Meta's webhooks and Graph responses).
 * They never throw: a field of the wrong type reads as `undefined`, so one odd field cannot
 * make a whole delivery fail.
 */

export type JsonRecord = Record<string, unknown>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readRecord(value: unknown, key: string): JsonRecord | undefined {
  if (!isRecord(value)) return undefined;
  const inner = value[key];
  return isRecord(inner) ? inner : undefined;
}

export function readString(value: unknown, key: string): string | undefined {
  if (!isRecord(value)) return undefined;
  const inner = value[key];
  return typeof inner === 'string' ? inner : undefined;
}

/** Meta sends some numbers as strings (timestamps, `file_size`) and some as numbers. */
export function readNumber(value: unknown, key: string): number | undefined {
  if (!isRecord(value)) return undefined;
  const inner = value[key];
  if (typeof inner === 'number' && Number.isFinite(inner)) return inner;
  if (typeof inner === 'string' && inner.trim() !== '') {
    const parsed = Number(inner);
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return undefined;
}

export function readArray(value: unknown, key: string): unknown[] {
  if (!isRecord(value)) return [];
  const inner = value[key];
  return Array.isArray(inner) ? inner : [];
}
