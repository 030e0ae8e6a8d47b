import type { Conversation } from '../domain/conversation';
import type { TranscriptEntry } from '../domain/transcript';
import type { FlowSet } from '../flowfiles/model';
import { localize } from '../conversation/localize';

const MAX_QUOTE = 120;

function quote(text: string): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  return clean.length > MAX_QUOTE ? `${clean.slice(0, MAX_QUOTE - 1)}…` : clean;
}

function scalarValues(values: Record<string, unknown>, prefix = '', depth = 0): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(values)) {
    if (key === 'customer' || key.endsWith('_error')) continue;
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && depth < 1) out.push(...scalarValues(value as Record<string, unknown>, `${prefix}${key}.`, depth + 1));
    else if (['string', 'number', 'boolean'].includes(typeof value)) out.push(`${prefix}${key}: ${quote(String(value))}`);
  }
  return out;
}

/**
 * The line at the top of the agent's view, so nobody has to read the whole transcript to
 * know what the customer wants: topics asked, what the bot collected and looked up, why it
 * handed off, the customer's last words and mood.
 */
export function summarize(input: { conversation: Conversation; transcript: TranscriptEntry[]; flows: FlowSet; reason: string; sentiment?: number }): string {
  const { conversation, transcript, flows } = input;
  const topics = [...new Set(conversation.intents.map((i) => flows.intentToFlow.get(i.intent)).filter((f): f is string => !!f))]
    .map((id) => localize(flows.flows.get(id)!.definition.title, 'en'));
  const parts: string[] = [];
  if (topics.length > 0) parts.push(`Asked about ${topics.join(', ')}`);
  const values = scalarValues(conversation.values).slice(0, 8);
  if (values.length > 0) parts.push(`Collected ${values.join('; ')}`);
  parts.push(`Handed off: ${input.reason}`);
  const lastWords = transcript.filter((m) => m.direction === 'in' && m.content.type === 'text').slice(-2);
  if (lastWords.length > 0) parts.push(`Customer said: ${lastWords.map((m) => `"${quote(m.content.type === 'text' ? m.content.text : '')}"`).join(', ')}`);
  if (input.sentiment !== undefined && input.sentiment <= -0.3) parts.push(input.sentiment <= -0.6 ? 'Mood: angry' : 'Mood: unhappy');
  return parts.join('. ') + '.';
}
