import type { FileVersionSummary } from '../domain/fileVersion';
import type { TextDiff } from './textDiff';

/**
 * The file changed since the editor opened it (another person saved, or someone edited it on
 * disk): nothing was written. Carries what is saved now, who saved it, and how the draft differs
 * from it, for the person to merge their change by hand.
 */
export class EditConflict extends Error {
  constructor(
    readonly file: string,
    readonly current: string | null,
    readonly currentHash: string | null,
    readonly lastChange: FileVersionSummary | undefined,
    /** From the draft to what is saved now. */
    readonly diff: TextDiff,
  ) {
    super(`${file} was changed after you opened it${lastChange?.actor ? ` (by ${lastChange.actor.name})` : ''}; nothing was saved. Compare, merge your change into the saved text, and save again.`);
    this.name = 'EditConflict';
  }
}

/** A file or version the request names does not exist. */
export class OpsFileMissing extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OpsFileMissing';
  }
}
