import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { migrate, type Migration } from './migrations';
import { ProcessLock } from './processLock';
import { WalSync } from './walSync';

/** What the repositories run their SQL through; statements are prepared once and cached. */
export interface Sql {
  run(sql: string, ...params: unknown[]): Database.RunResult;
  get<T>(sql: string, ...params: unknown[]): T | undefined;
  all<T>(sql: string, ...params: unknown[]): T[];
}

export interface SqliteDatabaseOptions {
  /** The database file, or `:memory:` for one that keeps nothing (tests, `npm run chat`). */
  file: string;
  /**
   * Take the one-process lock: the bot does (its queue and send claims assume no other bot
   * process uses the file); tools that add an agent or take a backup while it runs do not.
   */
  exclusive?: boolean;
  /** Called with every statement run, values filled in (tests check the query plans with it). */
  verbose?: (sql: string) => void;
}

interface Batch {
  waiters: Array<{ resolve: () => void; reject: (error: Error) => void }>;
}

// A write waits this long for another process (a tool adding an agent) to finish its own write.
const BUSY_TIMEOUT_MS = 5000;
// Per connection, larger than the default 2 MB: the pages a busy day reads again (index levels,
// the open conversations) stay cached; two connections keep the process well under 250 MB.
const CACHE_KIB = 8 * 1024;
// After a checkpoint the WAL is cut back to this size instead of keeping its largest size.
const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

/**
 * One SQLite file shared by the embedded store and the durable queue.
 *
 * Durability: WAL journal. A write is acknowledged (its promise resolves) only once the WAL
 * frames of its COMMIT were fsynced, so it survives kill -9 and power loss. SQLite's own
 * `synchronous = FULL` would fsync inside COMMIT, on the event loop; instead the file runs at
 * `synchronous = NORMAL` (COMMIT writes the WAL without syncing it; checkpoints still sync,
 * https://sqlite.org/pragma.html#pragma_synchronous, https://sqlite.org/wal.html) and WalSync
 * fsyncs the WAL in the thread pool before anyone hears of the commit. A kill -9 alone never
 * loses a commit (the kernel holds it); a power cut can only lose commits nobody was told of.
 *
 * Group commit: every write joins the batch that is open (one `BEGIN IMMEDIATE`) and runs at
 * once, so its result (a guarded update's row count, a unique-key refusal) is known at once;
 * the batch commits on the next turn of the event loop, and one fsync serves every batch
 * committed while the previous fsync ran, across all concurrent requests and jobs. (Holding
 * batches open a few ms longer saved a little CPU but cost more latency than it saved.)
 *
 * Reads go through a second connection that sees committed data only, so nothing read can
 * come from a batch that might still fail. (`:memory:` has one connection for both.)
 */
export class SqliteDatabase {
  readonly file: string;
  readonly inMemory: boolean;
  private readonly writer: Database.Database;
  private readonly reader: Database.Database;
  private readonly writeSql: Sql;
  private readonly readSql: Sql;
  private readonly inSavepoint: (work: () => unknown) => unknown;
  private readonly lock?: ProcessLock;
  private readonly walSync?: WalSync;
  private batch?: Batch;
  private writes = 0;
  private commits = 0;
  private users = 0;
  private closed = false;

  constructor(options: SqliteDatabaseOptions) {
    const verbose = options.verbose && ((sql?: unknown) => options.verbose!(String(sql)));
    this.inMemory = options.file === ':memory:';
    this.file = this.inMemory ? options.file : path.resolve(options.file);
    if (!this.inMemory) fs.mkdirSync(path.dirname(this.file), { recursive: true });
    this.lock = options.exclusive && !this.inMemory ? ProcessLock.take(this.file) : undefined;
    try {
      this.writer = new Database(this.file, { timeout: BUSY_TIMEOUT_MS, verbose });
      configure(this.writer, this.inMemory);
      this.reader = this.inMemory ? this.writer : new Database(this.file, { readonly: true, timeout: BUSY_TIMEOUT_MS, verbose });
      if (this.reader !== this.writer) this.reader.pragma(`cache_size = -${CACHE_KIB}`);
    } catch (error) {
      this.lock?.release();
      throw error;
    }
    this.writeSql = statementsOf(this.writer);
    this.readSql = this.inMemory ? this.writeSql : statementsOf(this.reader);
    this.inSavepoint = this.writer.transaction((work: () => unknown) => work());
    this.walSync = this.inMemory ? undefined : new WalSync(`${this.file}-wal`);
  }

  /** Brings one component's tables up to date; called by each adapter before its first use. */
  migrate(component: string, migrations: readonly Migration[]): void {
    if (this.batch) throw new Error('migrations run before the first write');
    migrate(this.writer, component, migrations);
  }

  /**
   * Runs one statement inside the open write batch and resolves with its result once the batch
   * is durably committed. A single statement is atomic by itself; several go through writeAll.
   */
  write<T>(work: (sql: Sql) => T): Promise<T> {
    return this.enqueue(work, false);
  }

  /** Like write, for several statements: in a savepoint, so a failure undoes all of them and nothing else. */
  writeAll<T>(work: (sql: Sql) => T): Promise<T> {
    return this.enqueue(work, true);
  }

  /** Runs `work` against committed data. */
  read<T>(work: (sql: Sql) => T): T {
    if (this.closed) throw new Error(`SQLite store ${this.describe()} is closed`);
    return work(this.readSql);
  }

  private enqueue<T>(work: (sql: Sql) => T, savepoint: boolean): Promise<T> {
    if (this.closed) return Promise.reject(new Error(`SQLite store ${this.describe()} is closed`));
    let result: T;
    try {
      const batch = this.openBatch();
      result = savepoint ? (this.inSavepoint(() => work(this.writeSql)) as T) : work(this.writeSql);
      this.writes += 1;
      return new Promise<T>((resolve, reject) => batch.waiters.push({ resolve: () => resolve(result), reject }));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Resolves once everything written so far is committed. */
  async flush(): Promise<void> {
    if (this.batch) await new Promise<void>((resolve, reject) => this.batch!.waiters.push({ resolve, reject }));
  }

  /** Each adapter on this database says when it starts and stops using it; the last one closes it. */
  acquire(): this {
    this.users += 1;
    return this;
  }

  async release(): Promise<void> {
    this.users = Math.max(0, this.users - 1);
    if (this.users === 0) await this.close();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    // A write may open a new batch while the previous one commits: wait for all of them.
    while (this.batch) await this.flush().catch(() => undefined);
    this.closed = true;
    await this.walSync?.close();
    if (this.reader !== this.writer) this.reader.close();
    this.writer.close();
    this.lock?.release();
  }

  /** Writes, batches committed and WAL fsyncs since the file was opened (for tests and benchmarks). */
  counts(): { writes: number; commits: number; syncs: number } {
    return { writes: this.writes, commits: this.commits, syncs: this.walSync?.syncs ?? 0 };
  }

  /** True when this process holds the one-process lock of the file. */
  get exclusive(): boolean {
    return this.lock !== undefined;
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  describe(): string {
    return this.inMemory ? '(in memory)' : this.file;
  }

  private openBatch(): Batch {
    if (this.batch) return this.batch;
    this.writer.exec('BEGIN IMMEDIATE');
    const batch: Batch = { waiters: [] };
    this.batch = batch;
    setImmediate(() => this.commit(batch));
    return batch;
  }

  private commit(batch: Batch): void {
    this.batch = undefined;
    try {
      this.writer.exec('COMMIT');
    } catch (error) {
      // The disk refused (full, I/O error): nothing of this batch was acknowledged, so every
      // caller hears it failed (a webhook answers 503 and Meta delivers again).
      if (this.writer.inTransaction) this.writer.exec('ROLLBACK');
      for (const waiter of batch.waiters) waiter.reject(error as Error);
      return;
    }
    this.commits += 1;
    if (!this.walSync) {
      for (const waiter of batch.waiters) waiter.resolve();
      return;
    }
    this.walSync.afterCommit().then(
      () => batch.waiters.forEach((waiter) => waiter.resolve()),
      (error: Error) => batch.waiters.forEach((waiter) => waiter.reject(error)),
    );
  }
}

function configure(db: Database.Database, inMemory: boolean): void {
  if (!inMemory) {
    db.pragma('journal_mode = WAL');
    db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
  }
  // Durable anyway: WalSync fsyncs the WAL before a commit is acknowledged (see above).
  db.pragma(`synchronous = ${inMemory ? 'OFF' : 'NORMAL'}`);
  db.pragma(`cache_size = -${CACHE_KIB}`);
  db.pragma('temp_store = MEMORY');
}

/** Prepared statements of one connection, by SQL text. */
function statementsOf(db: Database.Database): Sql {
  const cache = new Map<string, Database.Statement>();
  const prepare = (sql: string): Database.Statement => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  };
  return {
    run: (sql, ...params) => prepare(sql).run(...params.map(bindable)),
    get: <T>(sql: string, ...params: unknown[]) => prepare(sql).get(...params.map(bindable)) as T | undefined,
    all: <T>(sql: string, ...params: unknown[]) => prepare(sql).all(...params.map(bindable)) as T[],
  };
}

/** SQLite has no booleans or undefined: 1/0 and NULL. */
function bindable(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}
