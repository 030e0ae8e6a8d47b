import type { Sql, SqliteDatabase } from '../../sqlite/database';
import type { Migration } from '../../sqlite/migrations';
import type { Topic } from '../port';

/** A job as the queue keeps it in memory; the row in `queue_jobs` is its durable copy. */
export interface StoredJob {
  /** Arrival order: jobs of one key run in this order. */
  seq: number;
  topic: Topic;
  id: string;
  key: string;
  /** The payload as JSON: each run gets a fresh copy, as after a restart. */
  payload: string;
  addedAt: number;
  /** Not before this time: the end of a delay or of a retry's backoff. */
  runAt: number;
  /** Runs begun, including one a crash cut short. */
  tries: number;
  maxAttempts: number;
}

interface JobRow {
  seq: number;
  topic: Topic;
  id: string;
  key: string;
  payload: string;
  added_at: number;
  run_at: number;
  tries: number;
  max_attempts: number;
}

export const QUEUE_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'unfinished jobs of the in-process queue',
    up(db) {
      db.exec(`
        CREATE TABLE queue_jobs (
          seq INTEGER PRIMARY KEY,
          topic TEXT NOT NULL, id TEXT NOT NULL, key TEXT NOT NULL, payload TEXT NOT NULL,
          added_at INTEGER NOT NULL, run_at INTEGER NOT NULL, tries INTEGER NOT NULL DEFAULT 0, max_attempts INTEGER NOT NULL,
          UNIQUE (topic, id)
        );
      `);
    },
  },
];

export type NewJob = Omit<StoredJob, 'seq' | 'tries'>;

function insertRow(sql: Sql, job: NewJob): number | null {
  const row = sql.get<{ seq: number }>(
    `INSERT INTO queue_jobs (topic, id, key, payload, added_at, run_at, max_attempts) VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (topic, id) DO NOTHING RETURNING seq`,
    job.topic, job.id, job.key, job.payload, job.addedAt, job.runAt, job.maxAttempts,
  );
  return row?.seq ?? null;
}

/**
 * The durable side of the queue: one row per unfinished job, in the same SQLite file (and the
 * same group commit) as the store. A row is written before add() resolves and deleted only
 * after the job's handler finished.
 */
export class JobTable {
  constructor(private readonly db: SqliteDatabase) {
    db.migrate('queue', QUEUE_MIGRATIONS);
  }

  /** Resolves once the job is on disk, with its arrival number; null when a job with that id is unfinished already. */
  insert(job: NewJob): Promise<number | null> {
    return this.db.write((sql) => insertRow(sql, job));
  }

  /** Several jobs in one savepoint of the open batch (one commit), in order; null for each id unfinished already. */
  insertMany(jobs: readonly NewJob[]): Promise<Array<number | null>> {
    return this.db.writeAll((sql) => jobs.map((job) => insertRow(sql, job)));
  }

  /** Counts a run as begun, so a job that keeps killing the process is given up after its attempts. */
  started(job: StoredJob): Promise<unknown> {
    return this.db.write((sql) => sql.run('UPDATE queue_jobs SET tries = ? WHERE seq = ?', job.tries, job.seq));
  }

  retryAt(job: StoredJob): Promise<unknown> {
    return this.db.write((sql) => sql.run('UPDATE queue_jobs SET run_at = ? WHERE seq = ?', job.runAt, job.seq));
  }

  remove(job: StoredJob): Promise<unknown> {
    return this.db.write((sql) => sql.run('DELETE FROM queue_jobs WHERE seq = ?', job.seq));
  }

  /** Every unfinished job, in arrival order (at start). */
  unfinished(): StoredJob[] {
    return this.db.read((sql) => sql.all<JobRow>('SELECT * FROM queue_jobs ORDER BY seq')).map((row) => ({
      seq: row.seq, topic: row.topic, id: row.id, key: row.key, payload: row.payload,
      addedAt: row.added_at, runAt: row.run_at, tries: row.tries, maxAttempts: row.max_attempts,
    }));
  }
}
