import type { FlowFileInput } from '../schema';
import type { FlowProblem } from '../model';
import type { ParsedFlowFile } from '../parseFile';

export type ValidFlowFile = ParsedFlowFile & { definition: FlowFileInput };

export interface RuleContext {
  /** Teams handoffs may name (TEAMS). */
  teams: string[];
}

/** One class of mistake the checker finds; the runtime refuses flows with any of them too. */
export type FlowRule = (files: ValidFlowFile[], context: RuleContext) => FlowProblem[];

export function problemAt(file: ValidFlowFile, path: (string | number)[], message: string, hint?: string): FlowProblem {
  return { file: file.file, ...file.locate(path), message, hint };
}
