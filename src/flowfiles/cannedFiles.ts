import { z } from 'zod';
import type { FlowProblem } from './model';
import { openYaml } from './yamlSource';

/**
 * The other files ops keep beside the flows: canned replies for agents (`canned/replies.yaml`)
 * and the WhatsApp templates the shop had approved (`canned/templates.yaml`). The console reads
 * them on every request; the Flows page edits them with the same checks, history and rollback.
 */
export const CANNED_REPLIES_FILE = 'canned/replies.yaml';
export const TEMPLATES_FILE = 'canned/templates.yaml';

export const cannedRepliesFile = z.object({
  replies: z.array(z.object({ id: z.string(), title: z.string(), text: z.object({ en: z.string().optional(), bn: z.string().optional() }) })),
});
export type CannedRepliesFile = z.infer<typeof cannedRepliesFile>;

const approvedTemplate = z.object({
  name: z.string().regex(/^[a-z0-9_]+$/),
  language: z.string().min(2).max(10),
  title: z.string().optional(),
  /** What goes into {{1}}, {{2}}, … in order, so the agent knows what to type. */
  parameters: z.array(z.string()).max(20).default([]),
  /** Meta's category of the approved template; `marketing` ones are not sent to a customer who stopped marketing messages. */
  category: z.enum(['marketing', 'utility', 'authentication']).optional(),
});
export const templatesFile = z.object({ templates: z.array(approvedTemplate) });
export type TemplatesFile = z.infer<typeof templatesFile>;

const HINT = 'check indentation and quotes around text with ":" or "#"';

/** Problems of a canned replies or templates file at their line and column; empty when the console can use it. */
export function checkCannedFile(file: string, source: string, schema: z.ZodType<unknown>, uniqueKey: (item: Record<string, unknown>) => string | undefined): FlowProblem[] {
  const yaml = openYaml(source);
  const problems = yaml.syntaxProblems(file, HINT);
  if (problems.length > 0) return problems;
  const data = yaml.doc.toJS() as unknown;
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    return parsed.error.issues.map((issue) => {
      const at = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      return { file, ...yaml.locate(at), message: `${at.length ? at.join('.') + ': ' : ''}${issue.message}` };
    });
  }
  const [listKey, items] = Object.entries(data as Record<string, unknown>)[0] ?? [];
  const seen = new Set<string>();
  (Array.isArray(items) ? items : []).forEach((item: Record<string, unknown>, i) => {
    const key = uniqueKey(item);
    if (key === undefined) return;
    if (seen.has(key)) problems.push({ file, ...yaml.locate([String(listKey), i]), message: `${key} is listed twice`, hint: 'the console would offer the first one only' });
    seen.add(key);
  });
  return problems;
}

export const checkCannedReplies = (file: string, source: string) => checkCannedFile(file, source, cannedRepliesFile, (reply) => `reply id "${String(reply.id)}"`);
export const checkTemplates = (file: string, source: string) => checkCannedFile(file, source, templatesFile, (t) => `template "${String(t.name)}" in language "${String(t.language)}"`);
