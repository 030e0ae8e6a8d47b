import { createHash } from 'node:crypto';
import { LineCounter, parseDocument, isMap, isSeq, type Node } from 'yaml';
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
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const locate = (path: (string | number)[]) => {
    // Walk down as far as the path exists and point at the deepest node found.
    let node: Node | null = (doc.contents as Node | null) ?? null;
    let found: Node | null = node;
    for (const key of path) {
      let next: Node | null = null;
      if (isMap(node)) {
        const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === key);
        next = ((pair?.value ?? pair?.key) as Node | null) ?? null;
      } else if (isSeq(node) && typeof key === 'number') {
        next = (node.items[key] as Node | undefined) ?? null;
      }
      if (!next) break;
      node = next;
      if (node.range) found = node;
    }
    return found?.range ? position(found.range[0]) : { line: 1, column: 1 };
  };

  const problems: FlowProblem[] = doc.errors.map((error) => ({
    file,
    ...(error.linePos?.[0] ? { line: error.linePos[0].line, column: error.linePos[0].col } : position(error.pos[0])),
    message: `YAML syntax: ${error.message.split('\n')[0]}`,
    hint: 'check indentation and quotes around text with ":" or "#"',
  }));
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
        ...locate(issue.code === 'unrecognized_keys' && keys?.length ? [...path, keys[0]] : path),
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
