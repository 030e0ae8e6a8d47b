import type { Conversation } from '../domain/conversation';
import type { Store } from '../store/port';
import { VersionConflictError } from '../store/port';

const MAX_TRIES = 5;

/**
 * Applies a change to a conversation with the store's version check, re-reading and
 * re-applying when the engine saved it in between (a customer message arriving mid-claim).
 */
export async function updateConversation(store: Store, id: string, change: (c: Conversation) => void): Promise<Conversation | null> {
  for (let attempt = 1; ; attempt++) {
    const current = await store.conversations.get(id);
    if (!current) return null;
    change(current);
    try {
      return await store.conversations.save(current);
    } catch (error) {
      if (!(error instanceof VersionConflictError) || attempt >= MAX_TRIES) throw error;
    }
  }
}
