import type { Conversation } from '../domain/conversation';
import type { LiveEvents } from '../events/port';
import type { Store } from '../store/port';

/**
 * Tells consoles that a message of this chat changed (a new one, an edit, a delivery tick, a
 * file that finished downloading), so an agent watching it sees the change live. Only chats
 * that reached people have an audience; the handoff's team scopes who hears it.
 */
export async function publishChatMessage(deps: { store: Store; events: LiveEvents }, conversation: Conversation | null, at: number, detail: Record<string, unknown>): Promise<void> {
  if (!conversation?.handoffId) return;
  const handoff = await deps.store.handoffs.get(conversation.handoffId);
  deps.events.publish({ type: 'message', conversationId: conversation.id, handoffId: handoff?.id, team: handoff?.team, agentId: handoff?.agentId, at, detail });
}
