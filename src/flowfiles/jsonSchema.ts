import { z } from 'zod';
import { flowFile } from './schema';

/**
 * The editor schema (flows/flow.schema.json) comes from the same zod schema the bot validates
 * with, so VS Code's errors and completion match what the bot accepts.
 */
export function flowJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(flowFile, { target: 'draft-7', unrepresentable: 'any', io: 'input' }) as Record<string, unknown>;
  return {
    ...schema,
    $id: 'https://github.com/wa-handoff-bot/flow.schema.json',
    title: 'Flow file of the WhatsApp shop assistant',
    description: 'One FAQ flow: triggers (intents with example phrases) and steps. See docs/FLOWS.md.',
  };
}

export function flowJsonSchemaText(): string {
  return JSON.stringify(flowJsonSchema(), null, 2) + '\n';
}
