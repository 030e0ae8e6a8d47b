import fs from 'node:fs';
import path from 'node:path';
import { FlowEditBusy } from './editErrors';

const LOCK_FILE = '.flows-edit.lock';

/** One writer of the flows folder at a time, across processes: a lock file created exclusively. */
export class FolderLock {
  constructor(
    private readonly dir: string,
    private readonly timeoutMs = 3000,
    private readonly staleMs = 30_000,
  ) {}

  /** Resolves with the release once this process holds the lock; FlowEditBusy after `timeoutMs`. */
  async acquire(): Promise<() => void> {
    const lockPath = path.join(this.dir, LOCK_FILE);
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      try {
        fs.writeFileSync(lockPath, `${process.pid}\n`, { flag: 'wx' });
        return () => fs.rmSync(lockPath, { force: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      if (isStale(lockPath, this.staleMs)) {
        fs.rmSync(lockPath, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new FlowEditBusy('another change to the flows is being saved; try again in a moment');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}

function isStale(lockPath: string, staleMs: number): boolean {
  try {
    return Date.now() - fs.statSync(lockPath).mtimeMs > staleMs;
  } catch {
    return false; // released meanwhile
  }
}
