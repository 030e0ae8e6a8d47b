export { loadFlows, buildFlowSet, intentExamples, listFlowFiles } from './loadFlows';
export { FlowRegistry } from './registry';
export { FlowWatcher, type FlowReloadStatus } from './flowWatcher';
export { FlowLoadError, formatProblem, nextStepId } from './model';
export type { Flow, FlowSet, FlowProblem } from './model';
export type * from './schema';
