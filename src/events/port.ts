/** What the agent console is told about, live. */
export interface LiveEvent {
  type: 'handoff.queued' | 'handoff.claimed' | 'handoff.released' | 'handoff.transferred' | 'handoff.closed' | 'handoff.updated' | 'message' | 'sla.breached' | 'agent.reminder' | 'flows.reloaded' | 'flows.rejected' | 'presence';
  handoffId?: string;
  conversationId?: string;
  team?: string;
  agentId?: string;
  at: number;
  detail?: Record<string, unknown>;
}

/**
 * The LiveEvents port: changes pushed to the consoles as they happen. Adapters: local/ (one
 * process, the embedded default), redis/ (Redis pub/sub across processes). Delivery is best
 * effort: a console that misses an event reloads its lists on the next one or on its poll.
 */
export interface LiveEvents {
  /** Never throws and never waits: a failed publish is logged by the adapter. */
  publish(event: LiveEvent): void;
  /** Hears every event published after it subscribed (by this process or, across processes, any); returns the unsubscribe. */
  subscribe(listener: (event: LiveEvent) => void): () => void;
  close(): Promise<void>;
}
