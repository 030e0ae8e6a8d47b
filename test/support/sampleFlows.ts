import fs from 'node:fs';
import path from 'node:path';

export const PROJECT_FLOWS_DIR = path.resolve(__dirname, '../../flows');

/**
 * Copies the sample flows folder for a test that edits it. Hidden files are left behind: every
 * bot another test starts on the project's folder takes its edit lock (`.flows-edit.lock`) for a
 * moment at start, and a copy made in that moment would start out locked.
 */
export function copySampleFlows(dest: string): void {
  fs.cpSync(PROJECT_FLOWS_DIR, dest, { recursive: true, filter: (source) => !path.basename(source).startsWith('.') });
}
