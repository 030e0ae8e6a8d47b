import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { FlowProblem } from './model';
import { openYaml } from './yamlSource';

/**
 * The shop's out-of-scope messages (docs/FLOWS.md, "What the bot should not answer"): chatter
 * no flow answers. The NLU learns from them what not to take for a question it knows, and
 * sets its "I don't understand" line with them. Kept beside the flows, in a sub-folder so
 * that it is not read as a flow.
 */
export const OUT_OF_SCOPE_FILE = path.join('nlu', 'out_of_scope.yaml');

export const outOfScopeSchema = z
  .object({
    examples: z
      .object({ en: z.array(z.string().min(1)).optional(), bn: z.array(z.string().min(1)).optional() })
      .strict(),
    /**
     * Names of other businesses, offices and services the shop's customers mention (phone
     * companies, banks, marketplaces, government offices). The NLU reads them as one word, so one
     * out-of-scope message about a bank teaches it about every bank listed, and the wants-a-human
     * detector knows that "Grameenphone customer care" is not the shop's.
     */
    otherBusinesses: z.array(z.string().min(1)).optional(),
  })
  .strict();

export type OutOfScopeInput = z.infer<typeof outOfScopeSchema>;

export interface ParsedOutOfScope {
  file: string;
  /** Every example, English first. */
  examples: string[];
  byLocale: { en: string[]; bn: string[] };
  otherBusinesses: string[];
  problems: FlowProblem[];
  locate(path: (string | number)[]): { line: number; column: number };
}

export function parseOutOfScopeFile(file: string, source: string): ParsedOutOfScope {
  const { data, problems, locate } = parseNluFile(file, source, outOfScopeSchema, 'the file holds `examples:` with `en:` and `bn:` lists, and may hold `otherBusinesses:`');
  const { en = [], bn = [] } = data?.examples ?? {};
  return { file, examples: [...en, ...bn], byLocale: { en, bn }, otherBusinesses: data?.otherBusinesses ?? [], problems, locate };
}

/**
 * A YAML file of flows/nlu/ read against its schema: the data, or every problem at its line (a
 * YAML syntax error, or what the schema refuses, with `hint` saying what the file should hold).
 */
export function parseNluFile<T>(file: string, source: string, schema: z.ZodType<T>, hint: string): { data?: T; problems: FlowProblem[]; locate: (at: (string | number)[]) => { line: number; column: number } } {
  const yaml = openYaml(source);
  const locate = (at: (string | number)[]) => yaml.locate(at);
  const problems = yaml.syntaxProblems(file, 'check indentation and quotes around text with ":" or "#"');
  if (problems.length > 0) return { problems, locate };
  const parsed = schema.safeParse(yaml.doc.toJS());
  if (parsed.success) return { data: parsed.data, problems, locate };
  for (const issue of parsed.error.issues) {
    const at = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    problems.push({ file, ...locate(at), message: `${at.length ? at.join('.') + ': ' : ''}${issue.message}`, hint });
  }
  return { problems, locate };
}

/** The out-of-scope file of a flows folder as a source, or undefined when the shop has none. */
export function readOutOfScopeSource(dir: string): { file: string; source: string } | undefined {
  const file = path.join(dir, OUT_OF_SCOPE_FILE);
  if (!fs.existsSync(file)) return undefined;
  return { file: path.relative(process.cwd(), file) || file, source: fs.readFileSync(file, 'utf8') };
}
