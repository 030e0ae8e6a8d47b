import { createHash } from 'node:crypto';
import { openYaml } from './yamlSource';
import { flowFile, type FlowFileInput } from './schema';
import type { FlowProblem } from './model';

export interface ParsedFlowFile {
  file: string;
  version: string;
  definition?: FlowFileInput;
  /** The flow id when readable, even if the file is otherwise invalid (so references to it hold). */
  declaredId?: string;
  problems: FlowProblem[];
  /** Finds the line and column of a path inside the file, for later cross-file checks. */
  locate(path: (string | number)[]): { line: number; column: number };
}

/** Parses and schema-checks one flow file, reporting problems at their line and column. */
export function parseFlowFile(file: string, source: string): ParsedFlowFile {
  const version = createHash('sha1').update(source).digest('hex').slice(0, 12);
  const yaml = openYaml(source);
  const { doc } = yaml;
  const locate = (path: (string | number)[]) => yaml.locate(path);
  const problems: FlowProblem[] = yaml.syntaxProblems(file, 'check indentation and quotes around text with ":" or "#"');
  if (problems.length > 0) return { file, version, problems, locate };

  const raw = doc.toJS() as { id?: unknown } | null;
  const declaredId = typeof raw?.id === 'string' ? raw.id : undefined;
  const parsed = flowFile.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      // Point at an unknown field itself rather than at the object holding it.
      const keys = (issue as { keys?: string[] }).keys;
      problems.push({
        file,
        ...(issue.code === 'unrecognized_keys' && keys?.length ? yaml.locate([...path, keys[0]], true) : locate(path)),
        message: `${path.length ? path.join('.') + ': ' : ''}${describeIssue(issue)}`,
      });
    }
    return { file, version, declaredId, problems, locate };
  }
  return { file, version, declaredId, definition: parsed.data, problems, locate };
}

function describeIssue(issue: { code: string; message: string; keys?: string[] }): string {
  if (issue.code === 'unrecognized_keys' && issue.keys) return `unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  return issue.message;
}
