import type { Collection } from 'mongoose';

/**
 * A domain object as it is stored: its `id` is the document's `_id` (a string), every other
 * field keeps its domain name and type (timestamps stay epoch-ms numbers).
 */
export type Stored<T extends { id: string }> = Omit<T, 'id'> & { _id: string };

/**
 * Fields that exist only in storage and never leave this adapter: `seq` orders entries created
 * in the same millisecond (messages, audit); `__v` would only appear in documents written by
 * other tools, since our schemas have no version key.
 */
interface StorageOnly {
  seq?: number;
  __v?: unknown;
}

/** Options shared by every schema. */
export function schemaOptions(collection: string) {
  return {
    collection,
    // Domain objects carry their own `version` where they need one; mongoose's `__v` would leak.
    versionKey: false,
    // `values: {}` must read back as `{}`, not disappear.
    minimize: false,
    // A field the schema does not describe is a mapping bug: fail the write instead of dropping data.
    strict: 'throw',
    id: false,
    autoIndex: false,
    autoCreate: false,
  } as const;
}

/** Options for embedded objects (no `_id` of their own). */
export const EMBEDDED = { _id: false, id: false, versionKey: false, minimize: false, strict: 'throw' } as const;

/**
 * A plain driver insert: one round trip, no mongoose document, no save hooks. The domain types
 * are the contract for what is inserted; the schemas cast and check every update.
 */
export async function insertDocument(collection: Collection, doc: object): Promise<void> {
  await collection.insertOne(doc as Parameters<Collection['insertOne']>[0]);
}

export function toStored<T extends { id: string }>(value: T): Stored<T> {
  const { id, ...rest } = value;
  return { _id: id, ...rest } as unknown as Stored<T>;
}

export function fromStored<T extends { id: string }>(doc: Stored<T> & StorageOnly): T {
  const { _id, seq: _seq, __v: _v, ...rest } = doc;
  return { id: _id, ...rest } as unknown as T;
}

export function fromStoredOrNull<T extends { id: string }>(doc: (Stored<T> & StorageOnly) | null): T | null {
  return doc ? fromStored<T>(doc) : null;
}

export interface UpdateOperators {
  $set?: Record<string, unknown>;
  $unset?: Record<string, ''>;
}

/**
 * Turns a partial change into `$set` / `$unset`, with the meaning `{ ...stored, ...changes }` has
 * as a shallow merge: a key given as `undefined` removes the field, a missing key keeps it.
 * Keys in `skip` (the id, counters handled by the caller) are ignored.
 */
export function changeOperators(changes: object, skip: readonly string[] = []): UpdateOperators {
  const ops: UpdateOperators = {};
  for (const [key, value] of Object.entries(changes)) {
    if (skip.includes(key)) continue;
    if (value === undefined) (ops.$unset ??= {})[key] = '';
    else (ops.$set ??= {})[key] = value;
  }
  return ops;
}

/** The server's duplicate-key error: a unique index (or `_id`) refused the write. */
export function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}

/**
 * Runs an upsert, and once more if it lost a race: two upserts of a new `_id` at once both try
 * to insert, the loser hits the unique `_id` (11000), and by then the document exists, so the
 * same update applies to it.
 */
export async function upsertRacingInsert<T>(upsert: () => Promise<T>): Promise<T> {
  try {
    return await upsert();
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    return upsert();
  }
}

let lastSeq = 0;

/**
 * Orders entries that share a timestamp in the order they were written: a microsecond-scaled
 * clock that never repeats or goes back within this process. (MongoDB does not promise any
 * order for equal sort keys; across processes, same-millisecond entries are ordered by clock.)
 * Date.now() * 1000 stays below 2^53 until the year 2255.
 */
export function nextSeq(): number {
  const now = Date.now() * 1000;
  lastSeq = now > lastSeq ? now : lastSeq + 1;
  return lastSeq;
}
