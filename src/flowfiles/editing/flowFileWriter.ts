import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { buildFlowSet, readFlowSources, type FlowSources } from '../loadFlows';
import { FlowLoadError, type FlowProblem } from '../model';
import { OUT_OF_SCOPE_FILE } from '../outOfScopeFile';
import type { RuleContext } from '../rules/types';

/**
 * Writing a change to one file of the flows folder safely, for anything that edits flows
 * other than a person with a text editor (the Unanswered page, `flows:gaps --assign`, a flow
 * editor in the browser):
 *   - the whole folder, with the change, must pass every `flows:check` rule, or nothing is written;
 *   - one writer at a time, across processes (a lock file in the folder);
 *   - the file is replaced in one rename, so a process reloading flows meanwhile reads the old
 *     version or the new one, never half of it; every process's FlowWatcher then picks it up.
 */
export class FlowEditRefused extends Error {
  constructor(readonly problems: FlowProblem[]) {
    super(`The change was not saved: the flows would have ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
    this.name = 'FlowEditRefused';
  }
}

/** Another edit holds the folder, or the file changed on disk while this one was being made. */
export class FlowEditBusy extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlowEditBusy';
  }
}

export interface FlowFileWriterOptions {
  dir: string;
  context: RuleContext;
  /** How long to wait for another writer. */
  lockTimeoutMs?: number;
  /** A lock older than this was left by a writer that died. */
  staleLockMs?: number;
}

export interface FlowEditResult {
  /** The file, relative to the flows folder. */
  file: string;
  changed: boolean;
  /** Version of the flow set with the change (what every process reloads to). */
  version: string;
}

const LOCK_FILE = '.flows-edit.lock';

export class FlowFileWriter {
  constructor(private readonly options: FlowFileWriterOptions) {}

  /**
   * Replaces `file` (relative to the folder) by `change(current source)`; a file that does not
   * exist yet starts from an empty source. Throws FlowEditRefused with the checker's problems,
   * or FlowEditBusy.
   */
  async edit(file: string, change: (source: string) => string): Promise<FlowEditResult> {
    const target = this.resolve(file);
    const release = await this.lock();
    try {
      const sources = readFlowSources(this.options.dir);
      const before = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
      const after = change(before);
      const candidate = replaceSource(sources, target, after, target === this.outOfScopePath);
      let version: string;
      try {
        version = buildFlowSet(candidate, this.options.context).version;
      } catch (error) {
        if (error instanceof FlowLoadError) throw new FlowEditRefused(error.problems);
        throw error;
      }
      if (after !== before) this.replaceFile(target, before, after);
      return { file: path.relative(this.options.dir, target), changed: after !== before, version };
    } finally {
      release();
    }
  }

  /** Only flow files (directly in the folder) and the out-of-scope file may be edited. */
  private resolve(file: string): string {
    const dir = path.resolve(this.options.dir);
    const target = path.resolve(dir, file);
    const isFlowFile = path.dirname(target) === dir && /\.ya?ml$/.test(target) && !path.basename(target).startsWith('.');
    if (!isFlowFile && target !== this.outOfScopePath) throw new Error(`${file} is not a flow file of ${this.options.dir}`);
    return target;
  }

  private get outOfScopePath(): string {
    return path.join(path.resolve(this.options.dir), OUT_OF_SCOPE_FILE);
  }

  private replaceFile(target: string, expected: string, next: string): void {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    // Not *.yaml, so that a watcher never reads the half-written file as a flow.
    const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    const handle = fs.openSync(temporary, 'w');
    try {
      fs.writeFileSync(handle, next);
      fs.fsyncSync(handle);
    } finally {
      fs.closeSync(handle);
    }
    const now = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
    if (now !== expected) {
      fs.rmSync(temporary, { force: true });
      throw new FlowEditBusy(`${path.basename(target)} was changed by someone else meanwhile; nothing was saved, try again`);
    }
    fs.renameSync(temporary, target);
  }

  private async lock(): Promise<() => void> {
    const lockPath = path.join(this.options.dir, LOCK_FILE);
    const deadline = Date.now() + (this.options.lockTimeoutMs ?? 3000);
    for (;;) {
      try {
        fs.writeFileSync(lockPath, `${process.pid}\n`, { flag: 'wx' });
        return () => fs.rmSync(lockPath, { force: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      if (isStale(lockPath, this.options.staleLockMs ?? 30_000)) {
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

/** The folder's sources with one file's replaced (or added). */
function replaceSource(sources: FlowSources, target: string, source: string, isOutOfScope: boolean): FlowSources {
  const same = (file: string) => path.resolve(file) === target;
  if (isOutOfScope) return { ...sources, outOfScope: { file: path.relative(process.cwd(), target) || target, source } };
  const flows = sources.flows.some((f) => same(f.file))
    ? sources.flows.map((f) => (same(f.file) ? { ...f, source } : f))
    : [...sources.flows, { file: path.relative(process.cwd(), target) || target, source }];
  return { ...sources, flows };
}
