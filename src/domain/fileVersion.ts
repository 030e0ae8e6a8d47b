/**
 * One change to a file ops edit in the console (a flow, the out-of-scope list, canned replies,
 * approved templates): who made it, when, why, and the whole text before and after, so any
 * version can be shown, compared and put back.
 */
export interface FileVersion {
  /** The file, relative to the flows folder with forward slashes (`delivery_charge.yaml`, `canned/replies.yaml`). */
  file: string;
  /** 1, 2, 3… per file: the order of its changes. */
  seq: number;
  at: number;
  /** The agent who made the change; absent for a change made on disk by hand. */
  actor?: { id: string; name: string };
  action: FileVersionAction;
  message: string;
  /** The whole text before the change; null when the file did not exist. */
  previous: string | null;
  /** The whole text after the change; null when the file was deleted. */
  text: string | null;
  /** Content hash of `text` (null when deleted): what an editor's "base version" names. */
  hash: string | null;
  /** For a restore: the version put back. */
  restoredFrom?: number;
}

/**
 * save / create / delete / restore: in the console; teach: an example taught from the
 * Unanswered page; outside: found on disk, changed by hand or by another tool; first: the file
 * as it was when versions began to be kept.
 */
export type FileVersionAction = 'save' | 'create' | 'delete' | 'restore' | 'teach' | 'outside' | 'first';

/** A version without its texts: what a history list shows. */
export type FileVersionSummary = Omit<FileVersion, 'previous' | 'text'>;

export function summarizeVersion({ previous: _previous, text: _text, ...summary }: FileVersion): FileVersionSummary {
  return summary;
}
