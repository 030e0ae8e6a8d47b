import { z } from 'zod';
import { flowFile } from './schema';
import { cannedRepliesFile, templatesFile } from './cannedFiles';
import { outOfScopeSchema } from './outOfScopeFile';
import type { OpsFileKind } from './editing/opsFiles';

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

/** The editor schema of each file the Flows page edits, for its completion and hover help. */
export function opsFileJsonSchema(kind: OpsFileKind): Record<string, unknown> {
  if (kind === 'flow') return flowJsonSchema();
  const schemas = { 'out-of-scope': outOfScopeSchema, 'canned-replies': cannedRepliesFile, templates: templatesFile };
  return z.toJSONSchema(schemas[kind], { target: 'draft-7', unrepresentable: 'any', io: 'input' }) as Record<string, unknown>;
}
