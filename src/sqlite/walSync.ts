import fs from 'node:fs';
import path from 'node:path';

type Waiter = { resolve: () => void; reject: (error: Error) => void };

/**
 * Makes committed transactions durable off the event loop: `fdatasync` of the WAL file runs
 * in libuv's thread pool while the bot goes on, and each caller is told its write succeeded
 * only once a sync that began after its COMMIT has finished. While one sync runs, the
 * commits of the moment wait together for the next one, so one fsync serves every batch
 * committed meanwhile (group commit across the fsync, not only across one turn of the loop).
 *
 * fsync flushes a file, not a descriptor (https://man7.org/linux/man-pages/man2/fsync.2.html),
 * so our own descriptor on `<file>-wal` flushes the frames SQLite's connection wrote. Once a
 * second at most, a sync first checks the descriptor still names the WAL file SQLite writes
 * (same inode; SQLite truncates the WAL in place, it does not replace it while it is open).
 * A WAL file new to us also gets its folder fsynced once: the file's name (and the database
 * file's, in the same folder) must be on disk too, or a power cut could lose the whole WAL of a
 * fresh start (SQLite's `synchronous = FULL` does the same, os_unix.c `UNIXFILE_DIRSYNC`).
 */
export class WalSync {
  private fd?: number;
  private inode?: number;
  private checkedAt = 0;
  private running = false;
  /** Waiting for the next sync: their COMMIT came after the running sync began. */
  private next: Waiter[] = [];
  /** Syncs done since open (each one fsync). */
  syncs = 0;

  constructor(private readonly walFile: string) {}

  /** Resolves once everything committed before this call is on disk. */
  afterCommit(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.next.push({ resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  async close(): Promise<void> {
    while (this.running || this.next.length > 0) await this.afterCommit().catch(() => undefined);
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }

  private async drain(): Promise<void> {
    this.running = true;
    while (this.next.length > 0) {
      const waiters = this.next;
      this.next = [];
      try {
        await this.sync();
        this.syncs += 1;
        for (const waiter of waiters) waiter.resolve();
      } catch (error) {
        for (const waiter of waiters) waiter.reject(error as Error);
      }
    }
    this.running = false;
  }

  private async sync(): Promise<void> {
    if (this.fd === undefined || Date.now() - this.checkedAt > 1000) await this.checkDescriptor();
    await new Promise<void>((resolve, reject) => fs.fdatasync(this.fd!, (error) => (error ? reject(error) : resolve())));
  }

  private async checkDescriptor(): Promise<void> {
    this.checkedAt = Date.now();
    const current = await new Promise<number>((resolve, reject) => fs.stat(this.walFile, (error, stats) => (error ? reject(error) : resolve(stats.ino))));
    if (this.fd === undefined || current !== this.inode) {
      if (this.fd !== undefined) fs.close(this.fd, () => undefined);
      const fd = await new Promise<number>((resolve, reject) => fs.open(this.walFile, 'r', (error, opened) => (error ? reject(error) : resolve(opened))));
      this.fd = fd;
      this.inode = await new Promise<number>((resolve, reject) => fs.fstat(fd, (error, stats) => (error ? reject(error) : resolve(stats.ino))));
      await syncFolder(path.dirname(this.walFile));
    }
  }
}

/** fsync of a folder: makes the names of the files just created in it durable. */
async function syncFolder(folder: string): Promise<void> {
  const fd = await new Promise<number>((resolve, reject) => fs.open(folder, 'r', (error, opened) => (error ? reject(error) : resolve(opened))));
  try {
    await new Promise<void>((resolve, reject) => fs.fsync(fd, (error) => (error ? reject(error) : resolve())));
  } finally {
    fs.close(fd, () => undefined);
  }
}
