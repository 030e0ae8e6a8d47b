import type { Flow, FlowSet } from './model';

const KEEP_OLD_VERSIONS = 200;

/**
 * The live flows plus the versions conversations started on. A reload swaps the live set in
 * one assignment; a conversation in the middle of a flow keeps running on its own version.
 */
export class FlowRegistry {
  private live: FlowSet;
  private readonly byVersion = new Map<string, Flow>();

  constructor(initial: FlowSet) {
    this.live = initial;
    this.remember(initial);
  }

  get current(): FlowSet {
    return this.live;
  }

  replace(next: FlowSet): void {
    this.remember(next);
    this.live = next;
  }

  /** The flow a conversation is running: its pinned version if still known, else the live one. */
  resolve(flowId: string, version?: string): Flow | undefined {
    return (version && this.byVersion.get(`${flowId}@${version}`)) || this.live.flows.get(flowId);
  }

  private remember(set: FlowSet): void {
    for (const flow of set.flows.values()) {
      const key = `${flow.id}@${flow.version}`;
      this.byVersion.delete(key);
      this.byVersion.set(key, flow);
    }
    // Oldest first in insertion order: forget the oldest beyond the bound.
    while (this.byVersion.size > KEEP_OLD_VERSIONS) {
      this.byVersion.delete(this.byVersion.keys().next().value as string);
    }
  }
}
