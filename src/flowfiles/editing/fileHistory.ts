import { createHash } from 'node:crypto';
import type { FileVersion, FileVersionAction } from '../../domain/fileVersion';
import type { FileVersionRepository } from '../../store/port';

/** Who changes a file, and why: what its version records. */
export interface EditAuthor {
  actor: { id: string; name: string };
  action: Exclude<FileVersionAction, 'outside' | 'first'>;
  message: string;
  restoredFrom?: number;
}

/** A text's content hash: the "base version" an editor names when it saves. */
export function contentHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

// Another process may record a version of the same file at the same moment (only when a file
// is changed outside the lock, by hand): the loser reads the newest version again and retries.
const ATTEMPTS = 5;

/**
 * The versions of the ops files, kept in the store. Called only under the flows folder's lock,
 * so the versions of a file follow the order its changes reached the disk.
 */
export class FileHistory {
  constructor(
    private readonly versions: FileVersionRepository,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * Records what is on disk when the newest version says otherwise: a change made by hand or by
   * another tool ("edited outside the console"), or, for a file never seen, its first version.
   */
  async catchUp(file: string, onDisk: string | null): Promise<FileVersion | undefined> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const latest = await this.versions.latest(file);
      if ((latest?.text ?? null) === onDisk) return undefined;
      const version = outsideVersion(file, latest, onDisk, this.clock());
      if (await this.versions.add(version)) return version;
    }
    return undefined; // others keep recording it: it is recorded
  }

  /** Records a change made through the console (or the Unanswered page); `before` is what was on disk. */
  async record(file: string, before: string | null, after: string | null, author: EditAuthor): Promise<FileVersion> {
    await this.catchUp(file, before);
    for (let attempt = 0; ; attempt++) {
      const latest = await this.versions.latest(file);
      const version: FileVersion = {
        file,
        seq: (latest?.seq ?? 0) + 1,
        at: this.clock(),
        actor: author.actor,
        action: author.action,
        message: author.message,
        previous: before,
        text: after,
        hash: after === null ? null : contentHash(after),
        ...(author.restoredFrom !== undefined ? { restoredFrom: author.restoredFrom } : {}),
      };
      if (await this.versions.add(version)) return version;
      if (attempt >= ATTEMPTS) throw new Error(`version ${version.seq} of ${file} could not be recorded: it keeps being taken`);
    }
  }
}

function outsideVersion(file: string, latest: FileVersion | null, onDisk: string | null, at: number): FileVersion {
  const first = latest === null;
  const message = first ? 'First seen on disk' : onDisk === null ? 'Deleted outside the console' : latest.text === null ? 'Created outside the console' : 'Edited outside the console';
  return {
    file,
    seq: (latest?.seq ?? 0) + 1,
    at,
    action: first ? 'first' : 'outside',
    message,
    previous: latest?.text ?? null,
    text: onDisk,
    hash: onDisk === null ? null : contentHash(onDisk),
  };
}
