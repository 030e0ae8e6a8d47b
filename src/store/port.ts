import type { Conversation, ConversationFacts } from '../domain/conversation';
import type { Customer } from '../domain/customer';
import type { CustomerIdentifier } from '../domain/identity';
import type { Handoff, HandoffNote, HandoffStatus } from '../domain/handoff';
import type { Agent, AuditEntry } from '../domain/agent';
import type { UnansweredQuestion } from '../domain/unanswered';
import type { DeliveryError, InboundEntry, OutboundEntry, TranscriptEntry } from '../domain/transcript';
import type { ChannelName, DeliveryStatus } from '../domain/message';
import type { Locale } from '../domain/locale';
import type { FileVersion, FileVersionSummary } from '../domain/fileVersion';

/** Thrown by a guarded save when someone else changed the document since it was read. */
export class VersionConflictError extends Error {
  constructor(what: string, id: string) {
    super(`${what} ${id} was changed by someone else; reload and retry`);
    this.name = 'VersionConflictError';
  }
}

export interface CustomerTouch extends Pick<Customer, 'id' | 'channel' | 'address'> {
  profileName?: string;
  username?: string;
  /** Identifiers to add (those the customer has are kept): all of them on first contact. */
  identifiers?: CustomerIdentifier[];
  at: number;
}

export interface CustomerRepository {
  /**
   * Creates the customer on first contact; otherwise refreshes last-seen, the name and username
   * when given, and adds the identifiers it lacks, in one atomic step.
   */
  touch(input: CustomerTouch): Promise<Customer>;
  get(id: string): Promise<Customer | null>;
  update(id: string, changes: Partial<Pick<Customer, 'locale' | 'tags' | 'optedOut' | 'profileName' | 'statedPhone' | 'marketing'>>): Promise<void>;
  /** Erasure (docs/PRIVACY.md): forgets the customer record with its identifiers and search keys; false when there was none. */
  remove(id: string): Promise<boolean>;
  /** The channel's customers holding any of these identifiers, oldest first (an index per lookup). */
  findByIdentifiers(channel: ChannelName, identifiers: CustomerIdentifier[]): Promise<Customer[]>;
  /**
   * One person had two records: everything of `absorbedId` becomes `survivorId`'s. The survivor
   * gains its identifiers, username, tags (and the rest it lacks); every conversation, message
   * and handoff moves to it (conversations and handoffs with their version bumped, so a save
   * from before the move is refused and redone); the absorbed record is then deleted. Safe to
   * run again after a crash half way. Returns the survivor, or null when it does not exist.
   */
  merge(absorbedId: string, survivorId: string): Promise<Customer | null>;
  /**
   * Customers an agent looks for: `query` a phone number (any form: the end of the number
   * matches), a username (with or without "@", a prefix matches) or a BSUID. Newest first.
   */
  search(query: string, limit: number): Promise<Customer[]>;
}

export interface ConversationRepository {
  get(id: string): Promise<Conversation | null>;
  /** The customer's open conversation, if any (the newest, should a merge have left several). */
  findOpen(customerId: string): Promise<Conversation | null>;
  /** Inserts a new conversation (version 0). */
  create(conversation: Conversation): Promise<void>;
  /**
   * Saves when the stored version still equals `conversation.version`, and returns the saved
   * copy with the version incremented. Otherwise throws VersionConflictError.
   */
  save(conversation: Conversation): Promise<Conversation>;
  listByCustomer(customerId: string): Promise<Conversation[]>;
  /**
   * Retention (docs/PRIVACY.md): up to `limit` conversations not yet redacted that were closed
   * before `before`, or that the bot owns and that have not changed since before `before`
   * (an idle chat is only closed when its customer writes again), oldest first.
   */
  listExpired(before: number, limit: number): Promise<Conversation[]>;
}

export interface TranscriptQuery {
  /** Only entries created strictly after this epoch-ms time. */
  after?: number;
  limit?: number;
}

export interface MessageRepository {
  /** Records a customer message; false (and no change) when that id is already stored. */
  insertInbound(entry: InboundEntry): Promise<boolean>;
  /** Records an outgoing message; false (and no change) when that id is already stored. */
  insertOutbound(entry: OutboundEntry): Promise<boolean>;
  get(id: string): Promise<TranscriptEntry | null>;
  markHandled(inboundId: string, at: number, nlu?: { intent?: string; confidence?: number }): Promise<void>;
  /** Oldest first. */
  listByConversation(conversationId: string, query?: TranscriptQuery): Promise<TranscriptEntry[]>;
  /** Oldest first, across all of the customer's conversations. */
  listByCustomer(customerId: string, query?: TranscriptQuery): Promise<TranscriptEntry[]>;
  /** The outbound messages answering one inbound message, in the order they were created. */
  listReplies(inboundId: string): Promise<OutboundEntry[]>;
  updateDelivery(
    id: string,
    update: { status: DeliveryStatus; at: number; channelMessageId?: string; error?: DeliveryError; sentAsTemplate?: string },
  ): Promise<void>;
  findByChannelMessageId(channelMessageId: string): Promise<OutboundEntry | null>;
  /**
   * A receipt for a send whose answer was never recorded (its sender died in between) names the
   * message by the bot's own key: in one guarded step the outbound message of that channel takes
   * the channel's id, only if it has none yet. The message, or null when it had one or is not there.
   */
  adoptChannelMessageId(id: string, channel: ChannelName, channelMessageId: string): Promise<OutboundEntry | null>;
  /**
   * A channel's receipt in one guarded step: the outbound message takes `status` only when that
   * is further than where it is (sent < failed < delivered < read < played), so receipts
   * arriving in any order, or twice, leave it at the furthest state reached. True when it moved.
   */
  applyReceipt(id: string, receipt: { status: ReceiptStatus; at: number; error?: DeliveryError }): Promise<boolean>;
  /**
   * Changes a customer's message after the fact in one step (an edit, a deletion, what became
   * of its file); a key given as undefined removes that field. Null when there is no such
   * inbound message.
   */
  amendInbound(id: string, changes: InboundAmendment): Promise<InboundEntry | null>;
  /**
   * One atomic step: turns a `queued` outbound message into `sending` (or takes over a
   * `sending` claim older than `staleBefore`, whose sender died). False when another sender
   * holds it or it is already sent, so two overlapping runs never both send it.
   */
  claimSend(id: string, at: number, staleBefore: number): Promise<boolean>;
  /** Retention: deletes every message of a conversation (transcript, media references); how many. */
  removeByConversation(conversationId: string): Promise<number>;
  /** Erasure: deletes every message stored under the customer id, in any conversation; how many. */
  removeByCustomer(customerId: string): Promise<number>;
}

/** The states a channel's receipt can report (DeliveryReceipt['status']). */
export type ReceiptStatus = Extract<DeliveryStatus, 'sent' | 'delivered' | 'read' | 'played' | 'failed'>;

export type InboundAmendment = Partial<Pick<InboundEntry, 'content' | 'editedAt' | 'deletedAt' | 'media'>>;

/**
 * How far along a message is: a receipt never moves it back. `failed` sits above `sent` (Meta
 * reports a failure after the send) and below `delivered` (a device that got it after all).
 */
export const DELIVERY_PROGRESS: Record<DeliveryStatus, number> = { queued: 0, sending: 1, sent: 2, failed: 3, delivered: 4, read: 5, played: 6 };

export interface HandoffRepository {
  /** Inserts unless a handoff with that id exists; false when it did (a replayed turn). */
  create(handoff: Handoff): Promise<boolean>;
  get(id: string): Promise<Handoff | null>;
  /** Oldest queued first. `teams` keeps handoffs of any of those teams. */
  list(filter: HandoffFilter): Promise<Handoff[]>;
  /** Appends a private note in one atomic step (concurrent notes are all kept). */
  addNote(id: string, note: HandoffNote): Promise<Handoff | null>;
  /** The customer's handoffs, newest first (previous conversations in the agent's context). */
  listByCustomer(customerId: string, limit: number): Promise<Handoff[]>;
  /**
   * Single-document guarded state change: applies `changes` only when the handoff is still in
   * `expected` status. Returns the updated handoff, or null when another actor got there first.
   */
  transition(id: string, expected: HandoffStatus, changes: Partial<Handoff>): Promise<Handoff | null>;
}

export interface HandoffFilter {
  status?: HandoffStatus;
  team?: string;
  teams?: string[];
  agentId?: string;
  /** Only handoffs claimed strictly after this epoch-ms time (recent claims, without the history). */
  claimedAfter?: number;
}

export interface AgentRepository {
  /** False (and no change) when an agent with that email exists. */
  create(agent: Agent): Promise<boolean>;
  get(id: string): Promise<Agent | null>;
  getByEmail(email: string): Promise<Agent | null>;
  list(): Promise<Agent[]>;
  update(id: string, changes: Partial<Omit<Agent, 'id' | 'email' | 'createdAt'>>): Promise<Agent | null>;
  /**
   * Accepts a second factor at most once, in one atomic step: a TOTP time step later than the
   * last one accepted (of an enabled enrolment), or an unused recovery code, which is then gone.
   * False when the step was already used (a replayed or parallel code) or the code is unknown.
   */
  useSecondFactor(id: string, use: { step: number } | { recoveryCodeHash: string }): Promise<boolean>;
}

export interface AuditRepository {
  append(entry: AuditEntry): Promise<void>;
  /** Newest first. */
  list(filter: { subjectId?: string; actorId?: string; limit?: number }): Promise<AuditEntry[]>;
  /**
   * Erasure: entries about `subjectId` name `replacement` instead and lose their detail (an
   * agent's free text, such as a resolution, may name the person); how many changed.
   */
  redactSubject(subjectId: string, replacement: string): Promise<number>;
}

/**
 * Work that one process of many should do at a time (the retention job): a named lease with an
 * expiry, taken and renewed in one atomic step, so that however many workers ask at once,
 * one holds it until it lapses or is handed back.
 */
export interface LeaseRepository {
  /**
   * Takes or renews the lease until `at + ttlMs`: true when it was free, had lapsed
   * (expired at or before `at`) or was already `holder`'s; false while another holds it.
   */
  acquire(name: string, holder: string, at: number, ttlMs: number): Promise<boolean>;
  /** Hands the lease back early when `holder` holds it (a process that stops). */
  release(name: string, holder: string): Promise<void>;
}

export interface UnansweredRepository {
  /** Counts one more occurrence of a question in one atomic upsert (many workers may record at once). */
  record(entry: { key: string; text: string; at: number; locale?: UnansweredQuestion['locale'] }): Promise<void>;
  /** Most frequent first. */
  list(limit: number): Promise<UnansweredQuestion[]>;
  /** Forgets these questions (they were taught to the bot, or marked out of scope); how many there were. */
  remove(keys: string[]): Promise<number>;
}

/**
 * Every change to the files ops edit in the console (src/flowfiles/editing/fileHistory.ts): kept
 * in the store so that every process shows the same history and can put any version back.
 */
export interface FileVersionRepository {
  /** Adds the version; false (and no change) when that file already has a version with this `seq` (another process recorded first). */
  add(version: FileVersion): Promise<boolean>;
  get(file: string, seq: number): Promise<FileVersion | null>;
  /** The file's newest version, texts included. */
  latest(file: string): Promise<FileVersion | null>;
  /** The file's versions, newest first, without their texts. */
  list(file: string, limit: number): Promise<FileVersionSummary[]>;
  /** The newest version of every file that has one, without texts: what the file list shows. */
  latestOfEach(): Promise<FileVersionSummary[]>;
}

/** Login tries of one key (an account, an address, both) in its current window. */
export interface LoginAttemptWindow {
  count: number;
  /** When the window began: the first try after the previous window ended. */
  firstAt: number;
}

/**
 * Login tries, kept in the store so that every web process counts the same guesses. A window
 * starts at a key's first try and lasts `windowMs`; a try after it starts a new one.
 */
export interface LoginAttemptRepository {
  /**
   * One atomic step: counts a try of `key` at `at`, unless `limit` tries were already counted
   * in its open window; then nothing changes and `counted` is false. Concurrent calls from any
   * number of processes count exactly min(calls, room left) tries.
   */
  take(key: string, at: number, windowMs: number, limit: number): Promise<LoginAttemptWindow & { counted: boolean }>;
  clear(key: string): Promise<void>;
}

/**
 * Login windows that began this long ago are forgotten by `take`, whatever their key, so
 * guessers cycling addresses cannot grow the table. No window is longer (agents/loginThrottle.ts:
 * 15 minutes at most), and each key has its own window, so one key's cannot tell when another's ended.
 */
export const LOGIN_WINDOWS_FORGOTTEN_AFTER_MS = 24 * 3_600_000;

/** A report period [from, to) in epoch ms, and the cuts a manager can ask for. */
export interface ReportFactsQuery {
  from: number;
  to: number;
  team?: string;
  agentId?: string;
  channel?: ChannelName;
  locale?: Locale;
  /** Only these conversations (conversationFacts) / customers (handoffFacts). */
  conversationIds?: string[];
  customerIds?: string[];
}

/** A conversation started in the period: only what reports read. */
export interface ConversationFactRow {
  id: string;
  channel: ChannelName;
  locale: Locale;
  createdAt: number;
  facts?: ConversationFacts;
}

/** A handoff queued in the period: only what reports read. */
export type HandoffFactRow = Pick<
  Handoff,
  'id' | 'conversationId' | 'customerId' | 'status' | 'team' | 'agentId' | 'channel' | 'locale' | 'queuedAt' | 'claimedAt' | 'firstAgentReplyAt' | 'closedAt' | 'slaBreachedAt' | 'resolution' | 'csat'
>;

/**
 * What the manager reports read (src/reports/): stored facts, never live counters. Both
 * methods answer in no particular order; `team`/`agentId` cut handoffs only, `channel` cuts
 * handoffs by their `channel` or, when absent, by their customer id's channel prefix.
 */
export interface ReportsRepository {
  /** Conversations with from <= createdAt < to, cut by channel, locale and conversationIds. */
  conversationFacts(query: ReportFactsQuery): Promise<ConversationFactRow[]>;
  /** Handoffs with from <= queuedAt < to, cut by team, agentId, channel, locale and customerIds. */
  handoffFacts(query: ReportFactsQuery): Promise<HandoffFactRow[]>;
}

/** The Store port: everything the product keeps. Adapters: sqlite/ (default), mongo/. */
export interface Store {
  readonly kind: string;
  customers: CustomerRepository;
  conversations: ConversationRepository;
  messages: MessageRepository;
  handoffs: HandoffRepository;
  agents: AgentRepository;
  audit: AuditRepository;
  unanswered: UnansweredRepository;
  logins: LoginAttemptRepository;
  leases: LeaseRepository;
  fileVersions: FileVersionRepository;
  reports: ReportsRepository;
  /** Connects / loads; resolves when usable. */
  init(): Promise<void>;
  /** Throws with a reason when the store cannot serve right now (used by /readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
