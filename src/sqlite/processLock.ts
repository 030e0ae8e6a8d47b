import Database from 'better-sqlite3';

/** Another bot process already runs on this database file. */
export class DatabaseInUseError extends Error {
  constructor(file: string) {
    super(
      `${file} is in use by another bot process. The embedded store and queue serve one process; ` +
        'stop the other one, or set MONGODB_URI and REDIS_URL to run several processes.',
    );
    this.name = 'DatabaseInUseError';
  }
}

/**
 * Makes sure one bot process at a time runs on a database file: the queue consumer and the
 * send claims assume nobody else takes the same jobs. The lock is an exclusive SQLite lock on
 * a small file beside the database (`<file>-lock`); SQLite takes it with fcntl, so the
 * operating system drops it when the process ends, even on kill -9 or a power cut, and a
 * restart never finds a stale lock.
 */
export class ProcessLock {
  private constructor(private readonly connection: Database.Database) {}

  static take(file: string): ProcessLock {
    const connection = new Database(`${file}-lock`, { timeout: 0 });
    try {
      connection.pragma('journal_mode = MEMORY'); // nothing is written: no journal file beside it
      connection.pragma('locking_mode = EXCLUSIVE');
      connection.exec('BEGIN EXCLUSIVE');
    } catch (error) {
      connection.close();
      if ((error as { code?: string }).code === 'SQLITE_BUSY') throw new DatabaseInUseError(file);
      throw error;
    }
    return new ProcessLock(connection);
  }

  release(): void {
    if (this.connection.open) this.connection.close();
  }
}
