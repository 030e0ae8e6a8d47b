import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { FlowProblem } from './model';
import { OUT_OF_SCOPE_FILE, parseNluFile } from './outOfScopeFile';

/**
 * Training files (docs/FLOWS.md, "More ways of asking"): more customer phrasings of one flow's
 * intent, kept in flows/nlu/<name>.yaml so that the flow file stays short and readable. The NLU
 * learns from them exactly as from the trigger's own examples.
 *
 *   intent: order_status
 *   examples:
 *     en: [...]
 *     bn: [...]      # Bengali script and Banglish
 */
export const TRAINING_DIR = 'nlu';

const trainingSchema = z
  .object({
    intent: z.string().min(1),
    examples: z
      .object({ en: z.array(z.string().min(1)).optional(), bn: z.array(z.string().min(1)).optional() })
      .strict(),
  })
  .strict();

export interface ParsedTrainingFile {
  file: string;
  intent?: string;
  byLocale: { en: string[]; bn: string[] };
  problems: FlowProblem[];
  locate(path: (string | number)[]): { line: number; column: number };
}

export function parseTrainingFile(file: string, source: string): ParsedTrainingFile {
  const { data, problems, locate } = parseNluFile(file, source, trainingSchema, 'a training file holds `intent:` and `examples:` with `en:` and `bn:` lists');
  const { en = [], bn = [] } = data?.examples ?? {};
  return { file, intent: data?.intent, byLocale: { en, bn }, problems, locate };
}

/** The training files of a flows folder (every YAML file in nlu/ but the out-of-scope one). */
export function listTrainingFiles(dir: string): string[] {
  const folder = path.join(dir, TRAINING_DIR);
  if (!fs.existsSync(folder)) return [];
  const outOfScope = path.basename(OUT_OF_SCOPE_FILE);
  return fs
    .readdirSync(folder, { withFileTypes: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name) && e.name !== outOfScope)
    .map((e) => path.join(folder, e.name))
    .sort();
}

export function readTrainingSources(dir: string): { file: string; source: string }[] {
  return listTrainingFiles(dir).map((file) => ({ file: path.relative(process.cwd(), file) || file, source: fs.readFileSync(file, 'utf8') }));
}
