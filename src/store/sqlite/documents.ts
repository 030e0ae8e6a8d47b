/** A row holding a domain object as JSON. */
export interface DocRow {
  doc: string;
}

/** The domain object of a row: a fresh copy every time, so callers cannot change stored state. */
export function fromDoc<T>(row: DocRow | undefined): T | null {
  return row ? (JSON.parse(row.doc) as T) : null;
}

export function fromDocs<T>(rows: DocRow[]): T[] {
  return rows.map((row) => JSON.parse(row.doc) as T);
}

/** JSON text of a value for `json(?)`: numbers stay exact (a bound JS number would become REAL, `5.0`). */
export function json(value: unknown): string {
  return JSON.stringify(value);
}

export interface DocChange {
  /** An SQL expression over `doc` that yields the changed document. */
  sql: string;
  params: unknown[];
}

const PLAIN_KEY = /^[A-Za-z_$][\w$]*$/;

/**
 * `{ ...stored, ...changes }` as one SQL expression, so a partial update is a single statement
 * (atomic without a read first): a key given as `undefined` removes the field, a missing key
 * keeps it, any other value replaces the whole field. Keys in `skip` are ignored. Null when
 * nothing changes.
 */
export function mergeChanges(changes: object, skip: readonly string[] = []): DocChange | null {
  const removed: string[] = [];
  const set: string[] = [];
  const params: unknown[] = [];
  for (const [key, value] of Object.entries(changes)) {
    if (skip.includes(key)) continue;
    // Keys come from our own domain types; anything else would be a bug, not data.
    if (!PLAIN_KEY.test(key)) throw new Error(`cannot store a field named ${JSON.stringify(key)}`);
    if (value === undefined) removed.push(`'$.${key}'`);
    else {
      set.push(`'$.${key}', json(?)`);
      params.push(json(value));
    }
  }
  if (removed.length === 0 && set.length === 0) return null;
  let sql = removed.length > 0 ? `json_remove(doc, ${removed.join(', ')})` : 'doc';
  if (set.length > 0) sql = `json_set(${sql}, ${set.join(', ')})`;
  return { sql, params };
}

/** AND-ed conditions with their parameters, for queries whose filters are optional. */
export class Conditions {
  private readonly parts: string[] = [];
  readonly params: unknown[] = [];

  add(condition: string, ...params: unknown[]): this {
    this.parts.push(condition);
    this.params.push(...params);
    return this;
  }

  /** `WHERE …`, or nothing when no condition was added. */
  toString(): string {
    return this.parts.length > 0 ? `WHERE ${this.parts.join(' AND ')}` : '';
  }
}
