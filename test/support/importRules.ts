/**
 * The import rules of src/, checked on source text (no compiler needed):
 *  - layering: a top-level folder of src/ imports only folders of lower layers (the layers are
 *    the block under "## Layers" in docs/ARCHITECTURE.md, top first, several folders per line);
 *  - adapter boundaries: only an adapter folder (a folder beside a port's port.ts, such as
 *    store/mongo/) has an index.ts; code outside it imports that index, never a file inside,
 *    and adapters of one port never import each other.
 */
import fs from 'node:fs';
import path from 'node:path';

/** src/-relative path (posix) → its source text. */
export type SourceTree = Map<string, string>;

export interface ImportEdge {
  from: string;
  line: number;
  /** The resolved target, src/-relative. */
  to: string;
  specifier: string;
}

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]*)['"]/gm;
const EXTENSIONS = ['', '.ts', '.js', '/index.ts', '/index.js'];

export function readSourceTree(root: string): SourceTree {
  const tree: SourceTree = new Map();
  (function walk(dir: string) {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|js)$/.test(entry.name)) tree.set(path.relative(root, full).split(path.sep).join('/'), fs.readFileSync(full, 'utf8'));
    }
  })(root);
  return tree;
}

/** Every relative import, export-from, dynamic import() and require() between files of the tree. */
export function importEdges(tree: SourceTree): { edges: ImportEdge[]; unresolved: ImportEdge[] } {
  const edges: ImportEdge[] = [];
  const unresolved: ImportEdge[] = [];
  for (const [file, source] of tree) {
    for (const match of source.matchAll(IMPORT)) {
      const specifier = match[1];
      const base = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
      const to = EXTENSIONS.map((ext) => base + ext).find((candidate) => tree.has(candidate));
      const line = source.slice(0, match.index).split('\n').length;
      (to ? edges : unresolved).push({ from: file, line, to: to ?? base, specifier });
    }
  }
  return { edges, unresolved };
}

/** The layers, top first: each a list of top-level folder (or file) names of src/. */
export function parseLayers(architectureMd: string): string[][] {
  const section = /^## Layers\b[\s\S]*?^```[^\n]*\n([\s\S]*?)^```/m.exec(architectureMd);
  if (!section) throw new Error('docs/ARCHITECTURE.md has no "## Layers" section with a code block');
  return section[1]
    .split('\n')
    .map((line) => {
      const names: string[] = [];
      for (const token of line.trim().split(/\s+/)) {
        if (!/^[\w-]+(\/|\.ts)$/.test(token)) break;
        names.push(token.replace(/\/$/, ''));
      }
      return names;
    })
    .filter((names) => names.length > 0);
}

const topOf = (file: string) => file.split('/')[0];

export function layeringProblems(tree: SourceTree, layers: string[][]): string[] {
  const rank = new Map<string, number>();
  layers.forEach((names, i) => names.forEach((name) => rank.set(name, i)));
  const problems: string[] = [];
  for (const top of new Set([...tree.keys()].map(topOf))) {
    if (!rank.has(top)) problems.push(`src/${top} has no layer in docs/ARCHITECTURE.md ("## Layers")`);
  }
  const { edges, unresolved } = importEdges(tree);
  for (const edge of unresolved) problems.push(`src/${edge.from}:${edge.line} imports '${edge.specifier}', which is not a file of src/`);
  for (const edge of edges) {
    const from = topOf(edge.from);
    const to = topOf(edge.to);
    if (from === to || !rank.has(from) || !rank.has(to)) continue;
    if (rank.get(to)! <= rank.get(from)!) {
      const where = rank.get(to) === rank.get(from) ? 'beside it' : 'above it';
      problems.push(`src/${edge.from}:${edge.line} imports src/${edge.to}: ${from}/ may not import ${to}/, a layer ${where}`);
    }
  }
  return problems;
}

/** `store/mongo` for any file under it, when `store/port.ts` exists; undefined elsewhere. */
function adapterOf(file: string, tree: SourceTree): string | undefined {
  const [port, adapter, ...rest] = file.split('/');
  return rest.length > 0 && tree.has(`${port}/port.ts`) ? `${port}/${adapter}` : undefined;
}

export function adapterBoundaryProblems(tree: SourceTree): string[] {
  const problems: string[] = [];
  for (const file of tree.keys()) {
    if (/(^|\/)index\.ts$/.test(file) && adapterOf(file, tree) === undefined) {
      problems.push(`src/${file}: only adapter folders have an index.ts; import the file that defines what you need`);
    }
  }
  const adapters = new Set([...tree.keys()].map((f) => adapterOf(f, tree)).filter((a): a is string => !!a));
  for (const adapter of adapters) {
    if (!tree.has(`${adapter}/index.ts`)) problems.push(`src/${adapter}/ is an adapter without an index.ts (its public surface)`);
  }
  for (const edge of importEdges(tree).edges) {
    const target = adapterOf(edge.to, tree);
    const source = adapterOf(edge.from, tree);
    if (!target || target === source) continue;
    if (source && topOf(source) === topOf(target)) {
      problems.push(`src/${edge.from}:${edge.line} imports src/${edge.to}: adapters of one port never import each other`);
    } else if (edge.to !== `${target}/index.ts`) {
      problems.push(`src/${edge.from}:${edge.line} imports src/${edge.to}: import the adapter through src/${target}/index.ts`);
    }
  }
  return problems;
}
