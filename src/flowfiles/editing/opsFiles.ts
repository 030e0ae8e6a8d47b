import fs from 'node:fs';
import path from 'node:path';
import { CANNED_REPLIES_FILE, TEMPLATES_FILE } from '../cannedFiles';
import { listFlowFiles } from '../loadFlows';
import { OUT_OF_SCOPE_FILE } from '../outOfScopeFile';

/**
 * The files of the flows folder ops may change from the console (and the Unanswered page), by
 * their name relative to the folder with forward slashes: every flow file (`*.yaml` directly in
 * the folder), the out-of-scope messages, canned replies and approved templates.
 */
export type OpsFileKind = 'flow' | 'out-of-scope' | 'canned-replies' | 'templates';

const OTHER_FILES: Readonly<Record<string, OpsFileKind>> = {
  [OUT_OF_SCOPE_FILE.split(path.sep).join('/')]: 'out-of-scope',
  [CANNED_REPLIES_FILE]: 'canned-replies',
  [TEMPLATES_FILE]: 'templates',
};

/** A new flow file's name: lower-case letters, digits, `_` and `-`, ending in .yaml. */
export const NEW_FLOW_FILE_NAME = /^[a-z0-9][a-z0-9_-]{0,63}\.yaml$/;

export function opsFileKind(file: string): OpsFileKind | undefined {
  if (Object.hasOwn(OTHER_FILES, file)) return OTHER_FILES[file];
  return /^[^./\\][^/\\]*\.ya?ml$/.test(file) ? 'flow' : undefined;
}

/** Every ops file that exists in the folder now: the flow files, then the others. */
export function listOpsFiles(dir: string): string[] {
  const flows = fs.existsSync(dir) ? listFlowFiles(dir).map((f) => path.basename(f)) : [];
  const others = Object.keys(OTHER_FILES).filter((file) => fs.existsSync(path.join(dir, file)));
  return [...flows, ...others];
}

/** The absolute path of an ops file of `dir`; throws for anything else (`../package.json`, `tests/x.yaml`). */
export function opsFilePath(dir: string, file: string): string {
  if (!opsFileKind(file)) throw new NotAnOpsFileError(file, dir);
  return path.join(path.resolve(dir), ...file.split('/'));
}

export class NotAnOpsFileError extends Error {
  constructor(file: string, dir: string) {
    super(`${file} is not a flow file of ${dir} (nor its out-of-scope, canned replies or templates file)`);
    this.name = 'NotAnOpsFileError';
  }
}
