import type { Conversation } from '../../domain/conversation';
import type { Store } from '../../store/port';
import { csvSheet } from '../../reports/csv';
import { transcriptLine } from './handoffContext';

const iso = (at: number | undefined) => (at === undefined ? undefined : new Date(at).toISOString());

/** One conversation for an agent's records: who, when, and every message in order. */
export async function conversationTranscript(store: Store, conversation: Conversation, exportedBy: { id: string; name: string }, now: number) {
  const [customer, entries, agents] = await Promise.all([
    store.customers.get(conversation.customerId),
    store.messages.listByConversation(conversation.id),
    store.agents.list(),
  ]);
  const names = new Map(agents.map((a) => [a.id, a.name]));
  return {
    conversation: { id: conversation.id, channel: conversation.channel, locale: conversation.locale, status: conversation.status, createdAt: iso(conversation.createdAt), closedAt: iso(conversation.closedAt) },
    customer: { name: customer?.profileName, address: customer?.address ?? conversation.address },
    exportedAt: iso(now),
    exportedBy: exportedBy.name,
    lines: entries.map((entry) => {
      const line = transcriptLine(entry);
      return { ...line, agentName: line.agentId ? names.get(line.agentId) ?? 'an agent' : undefined };
    }),
  };
}

export type ConversationTranscript = Awaited<ReturnType<typeof conversationTranscript>>;

/** The transcript as a spreadsheet: one message per row, oldest first. */
export function transcriptCsv(transcript: ConversationTranscript): string {
  return csvSheet([
    ['time', 'from', 'type', 'text', 'delivery', 'intent'],
    ...transcript.lines.map((l) => [l.at, l.sender === 'agent' ? `agent: ${l.agentName}` : l.sender, l.type, l.text, l.status, l.intent]),
  ]);
}
