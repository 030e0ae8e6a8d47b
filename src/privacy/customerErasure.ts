import { randomUUID } from 'node:crypto';
import type { Handoff } from '../domain/handoff';
import type { ChannelName } from '../domain/message';
import { erasedConversation, erasedCustomerId, erasedHandoffChanges } from '../domain/customerData';
import type { MediaStore } from '../media/port';
import { VersionConflictError, type Store } from '../store/port';

// A customer's handoffs, as many as any shop keeps for one person.
const MAX_HANDOFFS = 10_000;
// A conversation saved by the engine while it is being erased is read again, this many times.
const SAVE_ATTEMPTS = 5;

export interface Erasure {
  /** Random: names the erasure in the audit and in the admin's records, and leads back to no one. */
  erasureId: string;
  /** The stand-in customer id the kept facts now carry. */
  standIn: string;
  messages: number;
  /** Files the customer sent (photos, voice notes, documents) deleted from the MediaStore. */
  files: number;
  conversations: number;
  handoffs: number;
  /** Handoffs that were still open: the erasure closed them (consoles are told). */
  closedHandoffs: Handoff[];
}

/**
 * Erases one customer on request (docs/PRIVACY.md): messages (transcripts, media references),
 * the files they sent (from the MediaStore), the customer record, and every value, note,
 * summary, reason and comment; conversations and handoffs stay as anonymous facts under a
 * random stand-in id, so reports keep their figures. Audit entries about the customer name the
 * stand-in instead, and those about their handoffs lose their detail (a resolution an agent
 * typed may name the person). Null when the store holds nothing of them. Each step is
 * idempotent, so an erasure that stopped half-way can be run again.
 */
export async function eraseCustomer(store: Store, media: MediaStore, customerId: string, at: number): Promise<Erasure | null> {
  const [customer, conversations, handoffs] = await Promise.all([
    store.customers.get(customerId),
    store.conversations.listByCustomer(customerId),
    store.handoffs.listByCustomer(customerId, MAX_HANDOFFS),
  ]);
  if (!customer && conversations.length === 0 && handoffs.length === 0) return null;
  const erasureId = randomUUID();
  const channel = (customer?.channel ?? conversations[0]?.channel ?? handoffs[0]!.channel ?? customerId.split(':')[0]) as ChannelName;
  const standIn = erasedCustomerId(channel, erasureId);

  const closedHandoffs: Handoff[] = [];
  for (const handoff of handoffs) {
    const erased = await eraseHandoff(store, handoff, standIn, at);
    if (erased && handoff.status !== 'closed') closedHandoffs.push(erased);
    await store.audit.redactSubject(handoff.id, handoff.id);
  }
  for (const conversation of conversations) {
    await eraseConversation(store, conversation.id, standIn, at);
  }
  // A message the customer sent meanwhile may have opened a conversation: it goes too.
  const openedMeanwhile = await store.conversations.listByCustomer(customerId);
  for (const conversation of openedMeanwhile) await eraseConversation(store, conversation.id, standIn, at);
  // After the conversations, so messages written meanwhile are swept too.
  const messages = await store.messages.removeByCustomer(customerId);
  // Before the customer record goes, so an erasure stopped here is found and run again.
  let files = 0;
  for (const conversation of [...conversations, ...openedMeanwhile]) files += await media.deleteByConversation(conversation.id);
  files += await media.deleteByCustomer(customerId);
  await store.audit.redactSubject(customerId, standIn);
  await store.customers.remove(customerId);
  return { erasureId, standIn, messages, files, conversations: conversations.length + openedMeanwhile.length, handoffs: handoffs.length, closedHandoffs };
}

/** A claim or close by an agent meanwhile changes its status: read it again and erase that. */
async function eraseHandoff(store: Store, handoff: Handoff, standIn: string, at: number): Promise<Handoff | null> {
  let current: Handoff | null = handoff;
  for (let attempt = 0; current && attempt < SAVE_ATTEMPTS; attempt++) {
    const erased = await store.handoffs.transition(current.id, current.status, erasedHandoffChanges(current, standIn, at));
    if (erased) return erased;
    current = await store.handoffs.get(current.id);
  }
  if (current) throw new Error(`handoff ${handoff.id} kept changing while it was erased; run the erasure again`);
  return null;
}

async function eraseConversation(store: Store, id: string, standIn: string, at: number): Promise<void> {
  for (let attempt = 0; attempt < SAVE_ATTEMPTS; attempt++) {
    const current = await store.conversations.get(id);
    if (!current) return;
    try {
      await store.conversations.save(erasedConversation(current, standIn, at));
      return;
    } catch (error) {
      if (!(error instanceof VersionConflictError)) throw error;
    }
  }
  throw new Error(`conversation ${id} kept changing while it was erased; run the erasure again`);
}
