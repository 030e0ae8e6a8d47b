import path from 'node:path';
import { buildFlowSet, readFlowSources, type FlowSources } from '../loadFlows';
import { checkCannedReplies, checkTemplates } from '../cannedFiles';
import { FlowLoadError, type FlowProblem } from '../model';
import type { RuleContext } from '../rules/types';
import { opsFileKind, opsFilePath } from './opsFiles';

/** What the checks say about the folder with one file changed (or removed, `text` null). */
export interface FolderCheck {
  problems: FlowProblem[];
  /** The flow set's version with the change, when the flows load (flow and out-of-scope files). */
  version?: string;
}

/**
 * Every `flows:check` rule on the folder as it would be with one file's new text: a flow file
 * or the out-of-scope list is checked with all the flows (an intent claimed twice, a button
 * going to a flow that is gone), canned replies and templates against their own schema.
 * Problems name files relative to the folder, with forward slashes, like the console does.
 */
export function checkFolderWith(dir: string, context: RuleContext, file: string, text: string | null): FolderCheck {
  const kind = opsFileKind(file);
  if (kind === 'canned-replies' || kind === 'templates') {
    const check = kind === 'canned-replies' ? checkCannedReplies : checkTemplates;
    return { problems: text === null ? [] : check(file, text) };
  }
  const candidate = replaceSource(readFlowSources(dir), opsFilePath(dir, file), text, kind === 'out-of-scope');
  try {
    return { problems: [], version: buildFlowSet(candidate, context).version };
  } catch (error) {
    if (!(error instanceof FlowLoadError)) throw error;
    return { problems: error.problems.map((p) => ({ ...p, file: relativeTo(dir, p.file) })) };
  }
}

/** A problem's file as the console names it: relative to the flows folder. */
function relativeTo(dir: string, file: string): string {
  if (file.startsWith('(')) return file;
  const relative = path.relative(path.resolve(dir), path.resolve(file));
  return relative.startsWith('..') ? file : relative.split(path.sep).join('/');
}

/** The folder's sources with one file's replaced, added, or (text null) taken out. */
function replaceSource(sources: FlowSources, target: string, text: string | null, isOutOfScope: boolean): FlowSources {
  const shown = path.relative(process.cwd(), target) || target;
  if (isOutOfScope) return { ...sources, outOfScope: text === null ? undefined : { file: shown, source: text } };
  const same = (file: string) => path.resolve(file) === target;
  if (text === null) return { ...sources, flows: sources.flows.filter((f) => !same(f.file)) };
  if (sources.flows.some((f) => same(f.file))) return { ...sources, flows: sources.flows.map((f) => (same(f.file) ? { ...f, source: text } : f)) };
  // In listFlowFiles' order, so that the set's version is the one every process computes on reload.
  const flows = [...sources.flows, { file: shown, source: text }].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { ...sources, flows };
}
