import type { Conversation } from '../../domain/conversation';
import type { Customer } from '../../domain/customer';
import type { Handoff } from '../../domain/handoff';
import type { Agent, AuditEntry } from '../../domain/agent';
import type { UnansweredQuestion } from '../../domain/unanswered';
import type { InboundEntry, OutboundEntry, TranscriptEntry } from '../../domain/transcript';
import {
  VersionConflictError,
  type ConversationRepository,
  type CustomerRepository,
  type HandoffRepository,
  type HandoffFilter,
  type AgentRepository,
  type AuditRepository,
  type UnansweredRepository,
  type LoginAttemptRepository,
  type LoginFailures,
  type MessageRepository,
  type Store,
  type TranscriptQuery,
  type ReportsRepository,
} from '../port';
import type { SnapshotFile } from './snapshotFile';
import { MemoryReportsRepository } from './reportsRepository';

/** Copies on the way in and out, so callers can never mutate stored state by accident (as with a real database). */
// Stored shapes are plain JSON (numbers for times, no Dates or Maps), so a JSON round trip is
// an exact copy, and several times cheaper than structuredClone on the hot path.
const copy = <T>(value: T): T => (value === undefined ? value : JSON.parse(JSON.stringify(value)));

export interface MemoryState {
  customers: Map<string, Customer>;
  conversations: Map<string, Conversation>;
  messages: Map<string, TranscriptEntry>;
  handoffs: Map<string, Handoff>;
  agents: Map<string, Agent>;
  audit: AuditEntry[];
  unanswered: Map<string, UnansweredQuestion>;
}

// Failed-login keys kept in memory (the store's `logins`), as the per-process throttle kept before.
const MAX_LOGIN_KEYS = 10_000;

function emptyState(): MemoryState {
  return { customers: new Map(), conversations: new Map(), messages: new Map(), handoffs: new Map(), agents: new Map(), audit: [], unanswered: new Map() };
}

/** The embedded Store: everything in memory, optionally snapshotted to disk so a restart keeps it. */
export class MemoryStore implements Store {
  readonly kind = 'memory';
  private state = emptyState();
  // Secondary indexes for the queries the engine makes on every message.
  private openByCustomer = new Map<string, string>();
  private byConversation = new Map<string, string[]>();
  private byCustomer = new Map<string, string[]>();
  private repliesOf = new Map<string, string[]>();
  private byChannelMessageId = new Map<string, string>();

  constructor(private readonly snapshot?: SnapshotFile) {}

  async init(): Promise<void> {
    const loaded = await this.snapshot?.load();
    if (loaded) {
      this.state = loaded;
      this.reindex();
    }
    this.snapshot?.start(() => this.state);
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    await this.snapshot?.stop(() => this.state);
  }

  private changed(): void {
    this.snapshot?.markDirty();
  }

  private reindex(): void {
    this.openByCustomer.clear();
    this.byConversation.clear();
    this.byCustomer.clear();
    this.repliesOf.clear();
    this.byChannelMessageId.clear();
    for (const c of this.state.conversations.values()) if (c.status === 'open') this.openByCustomer.set(c.customerId, c.id);
    for (const m of this.state.messages.values()) this.indexMessage(m);
  }

  private indexMessage(m: TranscriptEntry): void {
    push(this.byConversation, m.conversationId, m.id);
    push(this.byCustomer, m.customerId, m.id);
    if (m.direction === 'out' && m.inReplyTo) push(this.repliesOf, m.inReplyTo, m.id);
    if (m.direction === 'out' && m.channelMessageId) this.byChannelMessageId.set(m.channelMessageId, m.id);
  }

  readonly customers: CustomerRepository = {
    touch: async (input) => {
      const existing = this.state.customers.get(input.id);
      const customer: Customer = existing
        ? { ...existing, profileName: input.profileName ?? existing.profileName, lastSeenAt: input.at }
        : { id: input.id, channel: input.channel, address: input.address, profileName: input.profileName, tags: [], optedOut: false, createdAt: input.at, lastSeenAt: input.at };
      this.state.customers.set(customer.id, customer);
      this.changed();
      return copy(customer);
    },
    get: async (id) => copy(this.state.customers.get(id) ?? null),
    update: async (id, changes) => {
      const existing = this.state.customers.get(id);
      if (existing) this.state.customers.set(id, copy({ ...existing, ...changes }));
      this.changed();
    },
  };

  readonly conversations: ConversationRepository = {
    get: async (id) => copy(this.state.conversations.get(id) ?? null),
    findOpen: async (customerId) => {
      const id = this.openByCustomer.get(customerId);
      return copy((id && this.state.conversations.get(id)) || null);
    },
    create: async (conversation) => {
      if (this.state.conversations.has(conversation.id)) throw new Error(`conversation ${conversation.id} exists`);
      this.state.conversations.set(conversation.id, copy(conversation));
      if (conversation.status === 'open') this.openByCustomer.set(conversation.customerId, conversation.id);
      this.changed();
    },
    save: async (conversation) => {
      const stored = this.state.conversations.get(conversation.id);
      if (!stored || stored.version !== conversation.version) throw new VersionConflictError('conversation', conversation.id);
      const saved = { ...copy(conversation), version: conversation.version + 1 };
      this.state.conversations.set(saved.id, saved);
      // The caller's own object with the new version: already separate from the stored copy.
      const result = { ...conversation, version: saved.version };
      if (saved.status === 'open') this.openByCustomer.set(saved.customerId, saved.id);
      else if (this.openByCustomer.get(saved.customerId) === saved.id) this.openByCustomer.delete(saved.customerId);
      this.changed();
      return result;
    },
    listByCustomer: async (customerId) =>
      [...this.state.conversations.values()].filter((c) => c.customerId === customerId).sort((a, b) => a.createdAt - b.createdAt).map(copy),
  };

  readonly messages: MessageRepository = {
    insertInbound: async (entry: InboundEntry) => this.insertMessage(entry),
    insertOutbound: async (entry: OutboundEntry) => this.insertMessage(entry),
    get: async (id) => copy(this.state.messages.get(id) ?? null),
    markHandled: async (id, at, nlu) => {
      // By id alone, as the Mongo adapter does: inbound and outbound ids never collide.
      const m = this.state.messages.get(id);
      if (m) this.state.messages.set(id, { ...m, handledAt: at, ...(nlu ?? {}) } as TranscriptEntry);
      this.changed();
    },
    listByConversation: async (conversationId, query) => this.list(this.byConversation.get(conversationId), query),
    listByCustomer: async (customerId, query) => this.list(this.byCustomer.get(customerId), query),
    listReplies: async (inboundId) =>
      (this.repliesOf.get(inboundId) ?? []).map((id) => copy(this.state.messages.get(id) as OutboundEntry)),
    updateDelivery: async (id, update) => {
      const m = this.state.messages.get(id);
      if (m?.direction !== 'out') return;
      const next: OutboundEntry = { ...m, status: update.status, statusAt: update.at };
      if (update.channelMessageId) next.channelMessageId = update.channelMessageId;
      if (update.error) next.error = update.error;
      if (update.sentAsTemplate) next.sentAsTemplate = update.sentAsTemplate;
      this.state.messages.set(id, next);
      if (update.channelMessageId) this.byChannelMessageId.set(update.channelMessageId, id);
      this.changed();
    },
    claimSend: async (id, at, staleBefore) => {
      const m = this.state.messages.get(id);
      if (m?.direction !== 'out') return false;
      const claimable = m.status === 'queued' || (m.status === 'sending' && (m.statusAt ?? 0) < staleBefore);
      if (!claimable) return false;
      this.state.messages.set(id, { ...m, status: 'sending', statusAt: at });
      this.changed();
      return true;
    },
    findByChannelMessageId: async (channelMessageId) => {
      const id = this.byChannelMessageId.get(channelMessageId);
      return copy((id && (this.state.messages.get(id) as OutboundEntry)) || null);
    },
  };

  readonly handoffs: HandoffRepository = {
    create: async (handoff) => {
      if (this.state.handoffs.has(handoff.id)) return false;
      this.state.handoffs.set(handoff.id, copy(handoff));
      this.changed();
      return true;
    },
    get: async (id) => copy(this.state.handoffs.get(id) ?? null),
    list: async (filter: HandoffFilter) =>
      [...this.state.handoffs.values()]
        .filter(
          (h) =>
            (!filter.status || h.status === filter.status) &&
            (!filter.team || h.team === filter.team) &&
            (!filter.teams || filter.teams.includes(h.team)) &&
            (!filter.agentId || h.agentId === filter.agentId),
        )
        .sort((a, b) => a.queuedAt - b.queuedAt)
        .map(copy),
    addNote: async (id, note) => {
      const stored = this.state.handoffs.get(id);
      if (!stored) return null;
      const next = { ...stored, notes: [...stored.notes, copy(note)] };
      this.state.handoffs.set(id, next);
      this.changed();
      return copy(next);
    },
    listByCustomer: async (customerId, limit) =>
      [...this.state.handoffs.values()]
        .filter((h) => h.customerId === customerId)
        .sort((a, b) => b.queuedAt - a.queuedAt)
        .slice(0, limit)
        .map(copy),
    transition: async (id, expected, changes) => {
      const stored = this.state.handoffs.get(id);
      if (!stored || stored.status !== expected) return null;
      const next = copy({ ...stored, ...changes, id, version: stored.version + 1 });
      this.state.handoffs.set(id, next);
      this.changed();
      return copy(next);
    },
  };

  readonly agents: AgentRepository = {
    create: async (agent) => {
      const email = agent.email.toLowerCase();
      if ([...this.state.agents.values()].some((a) => a.email === email)) return false;
      this.state.agents.set(agent.id, copy({ ...agent, email }));
      this.changed();
      return true;
    },
    get: async (id) => copy(this.state.agents.get(id) ?? null),
    getByEmail: async (email) => copy([...this.state.agents.values()].find((a) => a.email === email.toLowerCase()) ?? null),
    list: async () => [...this.state.agents.values()].sort((a, b) => a.createdAt - b.createdAt).map(copy),
    update: async (id, changes) => {
      const stored = this.state.agents.get(id);
      if (!stored) return null;
      const next = copy({ ...stored, ...changes });
      this.state.agents.set(id, next);
      this.changed();
      return copy(next);
    },
  };

  readonly audit: AuditRepository = {
    append: async (entry) => {
      this.state.audit.push(copy(entry));
      this.changed();
    },
    list: async (filter) =>
      this.state.audit
        .filter((e) => (!filter.subjectId || e.subjectId === filter.subjectId) && (!filter.actorId || e.actorId === filter.actorId))
        .sort((a, b) => b.at - a.at)
        .slice(0, filter.limit ?? 100)
        .map(copy),
  };

  readonly unanswered: UnansweredRepository = {
    record: async ({ key, text, at, locale }) => {
      const existing = this.state.unanswered.get(key);
      this.state.unanswered.set(key, existing
        ? { ...existing, count: existing.count + 1, lastExample: text, lastAt: at, locale: locale ?? existing.locale }
        : { key, count: 1, lastExample: text, lastAt: at, firstAt: at, locale });
      this.changed();
    },
    list: async (limit) => [...this.state.unanswered.values()].sort((a, b) => b.count - a.count || b.lastAt - a.lastAt).slice(0, limit).map(copy),
    remove: async (keys) => {
      const removed = keys.filter((key) => this.state.unanswered.delete(key)).length;
      if (removed > 0) this.changed();
      return removed;
    },
  };

  // Not in the snapshot: a restart may forget failed logins, as it forgets the sessions' secret.
  private readonly loginFailures = new Map<string, LoginFailures>();

  readonly logins: LoginAttemptRepository = {
    recordFailure: async (key, at, windowMs) => {
      const current = this.loginFailures.get(key);
      this.loginFailures.set(key, current && current.firstAt > at - windowMs ? { ...current, count: current.count + 1 } : { count: 1, firstAt: at });
      // Guessers that cycle e-mails or addresses must not grow this without bound: the oldest key goes.
      if (this.loginFailures.size > MAX_LOGIN_KEYS) this.loginFailures.delete(this.loginFailures.keys().next().value as string);
    },
    failures: async (key, now, windowMs) => {
      const current = this.loginFailures.get(key);
      return current && current.firstAt > now - windowMs ? { ...current } : null;
    },
    clear: async (key) => {
      this.loginFailures.delete(key);
    },
  };

  readonly reports: ReportsRepository = new MemoryReportsRepository(() => this.state);

  private insertMessage(entry: TranscriptEntry): boolean {
    if (this.state.messages.has(entry.id)) return false;
    const stored = copy(entry);
    this.state.messages.set(entry.id, stored);
    this.indexMessage(stored);
    this.changed();
    return true;
  }

  private list(ids: string[] | undefined, query: TranscriptQuery = {}): TranscriptEntry[] {
    let entries = (ids ?? []).map((id) => this.state.messages.get(id)!).filter(Boolean);
    if (query.after !== undefined) entries = entries.filter((m) => m.createdAt > query.after!);
    entries.sort((a, b) => a.createdAt - b.createdAt);
    if (query.limit !== undefined) entries = entries.slice(-query.limit);
    return entries.map(copy);
  }
}

function push(index: Map<string, string[]>, key: string, value: string): void {
  const list = index.get(key);
  if (list) list.push(value);
  else index.set(key, [value]);
}
