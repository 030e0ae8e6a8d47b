import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { FileVersion } from '../../domain/fileVersion';
import type { FileVersionRepository } from '../../store/port';
import type { FlowProblem } from '../model';
import { FlowEditBusy, FlowEditRefused } from './editErrors';
import type { RuleContext } from '../rules/types';
import { FileHistory, type EditAuthor } from './fileHistory';
import { checkFolderWith } from './folderCheck';
import { FolderLock } from './folderLock';
import { listOpsFiles, opsFileKind, opsFilePath } from './opsFiles';

/**
 * Writing a change to a file of the flows folder safely, for anything that edits them other
 * than a person with a text editor (the Flows page, the Unanswered page, `flows:gaps --assign`):
 *   - the whole folder, with the change, must pass every `flows:check` rule (canned replies and
 *     templates their own schema), or nothing is written;
 *   - one writer at a time, across processes (a lock file in the folder);
 *   - the file is replaced in one rename, so a process reloading flows meanwhile reads the old
 *     version or the new one, never half of it; every process's FlowWatcher then picks it up;
 *   - with a versions repository, every change is recorded (who, when, why, the texts before
 *     and after), and a change found on disk that no version explains is recorded first, as
 *     "edited outside the console".
 */
export { FlowEditBusy, FlowEditRefused };

export interface FlowFileWriterOptions {
  dir: string;
  context: RuleContext;
  /** Where versions are kept; without it changes are written but not recorded. */
  versions?: FileVersionRepository;
  clock?: () => number;
  /** How long to wait for another writer. */
  lockTimeoutMs?: number;
  /** A lock older than this was left by a writer that died. */
  staleLockMs?: number;
}

export interface FlowEditResult {
  /** The file, relative to the flows folder. */
  file: string;
  changed: boolean;
  /** Version of the flow set with the change (what every process reloads to); absent for canned files. */
  version?: string;
  /** The version recorded for the change (with a versions repository and a change). */
  recorded?: FileVersion;
}

/** The flows folder while a writer holds it. */
export interface LockedFlowFolder {
  /** The file's text on disk, or null when it does not exist. */
  read(file: string): string | null;
  /**
   * Checks the folder with `text` as the file's content, writes it, records the version. Throws
   * FlowEditRefused, or FlowEditBusy when `basedOn` (the text the change was made from) is no
   * longer what is on disk.
   */
  write(file: string, text: string, author?: EditAuthor, options?: { basedOn?: string | null }): Promise<FlowEditResult>;
  /** Checks the folder without the file (nothing may point at it), deletes it, records it. Throws FlowEditRefused. */
  remove(file: string, author: EditAuthor): Promise<FlowEditResult>;
  /** Records files changed on disk since their last version (all ops files, or one). */
  catchUp(file?: string): Promise<FileVersion[]>;
}

export class FlowFileWriter {
  private readonly lock: FolderLock;
  private readonly history?: FileHistory;

  constructor(private readonly options: FlowFileWriterOptions) {
    this.lock = new FolderLock(options.dir, options.lockTimeoutMs, options.staleLockMs);
    this.history = options.versions && new FileHistory(options.versions, options.clock);
  }

  /**
   * Replaces `file` (relative to the folder) by `change(current source)`; a file that does not
   * exist yet starts from an empty source. Throws FlowEditRefused with the checker's problems,
   * or FlowEditBusy.
   */
  async edit(file: string, change: (source: string) => string, author?: EditAuthor): Promise<FlowEditResult> {
    return this.transaction((folder) => {
      const source = folder.read(file);
      return folder.write(file, change(source ?? ''), author, { basedOn: source });
    });
  }

  /** Runs `work` holding the folder's lock: reads, writes and removals in it are one at a time across processes. */
  async transaction<T>(work: (folder: LockedFlowFolder) => Promise<T>): Promise<T> {
    const release = await this.lock.acquire();
    try {
      return await work({
        read: (file) => readOrNull(opsFilePath(this.options.dir, file)),
        write: (file, text, author, options) => this.replace(file, text, author, options?.basedOn),
        remove: (file, author) => this.replace(file, null, author),
        catchUp: (file) => this.catchUp(file),
      });
    } finally {
      release();
    }
  }

  /** The checks' verdict on the folder with the file's text replaced (null: removed), without writing. */
  check(file: string, text: string | null): FlowProblem[] {
    return checkFolderWith(this.options.dir, this.options.context, file, text).problems;
  }

  private async replace(file: string, next: string | null, author: EditAuthor | undefined, basedOn?: string | null): Promise<FlowEditResult> {
    const target = opsFilePath(this.options.dir, file);
    if (next === null && opsFileKind(file) !== 'flow') throw new Error(`${file} cannot be deleted: only flow files can`);
    const before = readOrNull(target);
    if (basedOn !== undefined && before !== basedOn) throw changedMeanwhile(target);
    const { problems, version } = checkFolderWith(this.options.dir, this.options.context, file, next);
    if (problems.length > 0) throw new FlowEditRefused(problems);
    const changed = before !== next;
    if (!changed) return { file, changed, version };
    if (next === null) fs.rmSync(target);
    else replaceFile(target, before ?? '', next);
    const recorded = this.history && author ? await this.history.record(file, before, next, author) : undefined;
    return { file, changed, version, recorded };
  }

  private async catchUp(file?: string): Promise<FileVersion[]> {
    if (!this.history) return [];
    const files = file ? [file] : [...new Set([...listOpsFiles(this.options.dir), ...(await this.knownFiles())])];
    const recorded: FileVersion[] = [];
    for (const each of files) {
      const version = await this.history.catchUp(each, readOrNull(opsFilePath(this.options.dir, each)));
      if (version) recorded.push(version);
    }
    return recorded;
  }

  /** Files with versions, deleted ones included (a file deleted by hand is recorded too). */
  private async knownFiles(): Promise<string[]> {
    const latest = await this.options.versions!.latestOfEach();
    return latest.map((v) => v.file).filter((file) => opsFileKind(file) !== undefined);
  }
}

function readOrNull(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

function replaceFile(target: string, expected: string, next: string): void {
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
  // A person with a text editor does not take the lock: their save meanwhile wins, ours is dropped.
  if ((readOrNull(target) ?? '') !== expected) {
    fs.rmSync(temporary, { force: true });
    throw changedMeanwhile(target);
  }
  fs.renameSync(temporary, target);
}

function changedMeanwhile(target: string): FlowEditBusy {
  return new FlowEditBusy(`${path.basename(target)} was changed by someone else meanwhile; nothing was saved, try again`);
}
