import { LineCounter, parseDocument, isMap, isScalar, isSeq, type Document, type Node } from 'yaml';
import type { FlowProblem } from './model';

export type PathKey = string | number;

export interface YamlSource {
  doc: Document;
  /** Line and column of the deepest node a path reaches; with `atKey`, of the last step's key. */
  locate(path: PathKey[], atKey?: boolean): { line: number; column: number };
  /** YAML syntax errors as problems at their place. */
  syntaxProblems(file: string, hint: string): FlowProblem[];
}

/**
 * A YAML file parsed with positions kept, so that every problem found later (schema,
 * references, rules) can name its `file:line:column`. Shared by flow files and spec files.
 */
export function openYaml(source: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  return {
    doc,
    locate(path, atKey = false) {
      let node: Node | null = (doc.contents as Node | null) ?? null;
      let found: Node | null = node;
      for (const [i, step] of path.entries()) {
        let next: Node | null = null;
        if (isMap(node)) {
          const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(step));
          const last = i === path.length - 1;
          next = (((atKey && last ? pair?.key : pair?.value) ?? pair?.key) as Node | null) ?? null;
        } else if (isSeq(node) && typeof step === 'number') {
          next = (node.items[step] as Node | undefined) ?? null;
        }
        if (!next) break;
        node = next;
        if (node.range) found = node;
      }
      return found?.range ? position(found.range[0]) : { line: 1, column: 1 };
    },
    syntaxProblems(file, hint) {
      return doc.errors.map((error) => ({
        file,
        ...(error.linePos?.[0] ? { line: error.linePos[0].line, column: error.linePos[0].col } : position(error.pos[0])),
        message: `YAML syntax: ${error.message.split('\n')[0]}`,
        hint,
      }));
    },
  };
}
