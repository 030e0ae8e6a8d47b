import { isMap, isScalar, isSeq, parseDocument, Scalar, stringify, type Document, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import { appendToSequence, YamlEditError, type YamlPath } from './sequenceEdit';

/**
 * The edits the Flows page's form view makes (a text in one language, an example, a button),
 * written into the YAML text itself: the `yaml` package's Document API says where each node is
 * (its offsets in the source), and only those characters change. Comments, blank lines, key
 * order and quoting elsewhere stay exactly as ops wrote them, so the change reads well in git.
 * Every edit is checked by parsing the result: the data must be the old data with that one change.
 */
export type FormEdit =
  | { op: 'set'; path: YamlPath; value: string }
  | { op: 'append'; path: YamlPath; value: string }
  | { op: 'remove'; path: YamlPath }
  | { op: 'appendItem'; path: YamlPath; item: Record<string, unknown> };

export function applyFormEdits(source: string, edits: FormEdit[]): string {
  return edits.reduce((text, edit) => applyFormEdit(text, edit), source);
}

export function applyFormEdit(source: string, edit: FormEdit): string {
  const doc = open(source);
  const expected = doc.toJS() as unknown;
  let edited: string;
  switch (edit.op) {
    case 'append':
      return appendToSequence(source, edit.path, edit.value);
    case 'set':
      edited = setString(source, doc, edit.path, edit.value);
      setIn(expected, edit.path, edit.value);
      break;
    case 'remove':
      edited = removeItem(source, doc, edit.path);
      removeIn(expected, edit.path);
      break;
    case 'appendItem':
      edited = appendItem(source, doc, edit.path, edit.item);
      (getIn(expected, edit.path) as unknown[]).push(edit.item);
      break;
  }
  const check = parseDocument(edited);
  if (check.errors.length > 0 || JSON.stringify(check.toJS()) !== JSON.stringify(expected)) {
    throw new YamlEditError(`could not change ${edit.path.join('.')} without changing anything else`);
  }
  return edited;
}

function open(source: string): Document {
  const doc = parseDocument(source);
  if (doc.errors.length > 0) throw new YamlEditError(`the file is not valid YAML: ${doc.errors[0]?.message.split('\n')[0]}`);
  return doc;
}

/** A string value at `path`: an existing one is rewritten in place, a missing key is added to its mapping. */
function setString(source: string, doc: Document, path: YamlPath, value: string): string {
  const node = doc.getIn(path, true) as Node | undefined;
  if (isScalar(node) && node.range) {
    const [start, end] = node.range;
    const block = node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED;
    return `${source.slice(0, start)}${scalarText(value, node.type, insideFlow(doc, path))}${block ? '\n' : ''}${source.slice(end)}`;
  }
  if (node !== undefined && node !== null) throw new YamlEditError(`${path.join('.')} is not a text`);
  const parent = doc.getIn(path.slice(0, -1), true) as Node | undefined;
  if (!isMap(parent) || !parent.range) throw new YamlEditError(`there is no mapping to add "${String(path[path.length - 1])}" to`);
  return addKey(source, parent, String(path[path.length - 1]), value);
}

/** `{ en: a }` -> `{ en: a, bn: "b" }`; in a block mapping, a new line after its last entry. */
function addKey(source: string, map: YAMLMap, key: string, value: string): string {
  if (map.flow) {
    const close = source.lastIndexOf('}', map.range![1]);
    const before = source.slice(0, close).trimEnd();
    return `${before}${map.items.length > 0 ? ', ' : ''}${key}: ${scalarText(value, Scalar.PLAIN, true)}${source.slice(before.length)}`;
  }
  const last = map.items[map.items.length - 1];
  const lastKey = last?.key as Node | undefined;
  if (!lastKey?.range) throw new YamlEditError(`there is no key to place "${key}" after`);
  const lineStart = source.lastIndexOf('\n', lastKey.range[0] - 1) + 1;
  const indent = source.slice(lineStart, lastKey.range[0]);
  const end = (last?.value as Node | undefined)?.range?.[1] ?? lastKey.range[1];
  return insertLineAfter(source, end, `${indent}${key}: ${scalarText(value, Scalar.PLAIN, false)}`);
}

/** Takes one item out of a list: its lines in a block list, its text and a comma in a flow list. */
function removeItem(source: string, doc: Document, path: YamlPath): string {
  const seq = doc.getIn(path.slice(0, -1), true) as Node | undefined;
  const index = path[path.length - 1];
  if (!isSeq(seq) || typeof index !== 'number' || !seq.items[index]) throw new YamlEditError(`${path.join('.')} is not an item of a list`);
  const item = seq.items[index] as Node;
  if (!item.range) throw new YamlEditError('the item has no position in the file');
  if (seq.flow) {
    const next = seq.items[index + 1] as Node | undefined;
    const previous = seq.items[index - 1] as Node | undefined;
    if (next?.range) return source.slice(0, item.range[0]) + source.slice(next.range[0]);
    if (previous?.range) return source.slice(0, previous.range[1]) + source.slice(item.range[1]);
    return source.slice(0, item.range[0]) + source.slice(item.range[1]);
  }
  const lineStart = source.lastIndexOf('\n', item.range[0] - 1) + 1;
  const next = seq.items[index + 1] as Node | undefined;
  // Up to the next item's "- ", or to the end of this item's last line (its comment included).
  const end = next?.range ? source.lastIndexOf('\n', next.range[0] - 1) + 1 : lineEnd(source, item.range[1]);
  return source.slice(0, lineStart) + source.slice(end);
}

/** One more mapping at the end of a block list, indented like the items before it, each value on one line. */
function appendItem(source: string, doc: Document, path: YamlPath, item: Record<string, unknown>): string {
  const seq = doc.getIn(path, true) as YAMLSeq | undefined;
  const last = seq?.items[seq.items.length - 1] as Node | undefined;
  if (!isSeq(seq) || seq.flow || !last?.range) throw new YamlEditError(`${path.join('.')} is not a block list with items`);
  const lineStart = source.lastIndexOf('\n', last.range[0] - 1) + 1;
  const dash = source.slice(lineStart, last.range[0]);
  if (!/^\s*-\s+$/.test(dash)) throw new YamlEditError('the list items are not one per line');
  const indent = dash.slice(0, dash.indexOf('-'));
  const lines = Object.entries(item).map(([key, value], i) => `${i === 0 ? `${indent}- ` : `${indent}  `}${key}: ${flowValue(value)}`);
  return insertLineAfter(source, lineEnd(source, last.range[1]) - 1, lines.join('\n'));
}

/** A value on one line: a string plain when that is safe, mappings as `{ key: value }`. */
function flowValue(value: unknown): string {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return `{ ${Object.entries(value).map(([k, v]) => `${k}: ${flowValue(v)}`).join(', ')} }`;
  }
  return typeof value === 'string' ? scalarText(value, Scalar.PLAIN, true) : JSON.stringify(value);
}

/** A string in the style its node had: plain when YAML reads it back the same, else double-quoted (JSON is valid YAML). */
function scalarText(value: string, type: Scalar['type'], inFlow: boolean): string {
  if (type === Scalar.QUOTE_DOUBLE || value.includes('\n')) return JSON.stringify(value);
  if (type === Scalar.QUOTE_SINGLE) return `'${value.replace(/'/g, "''")}'`;
  const plain = value !== '' && value.trim() === value && !(inFlow && /[,[\]{}]/.test(value)) && stringify(value, { lineWidth: 0 }).trimEnd() === value;
  return plain ? value : JSON.stringify(value);
}

function insideFlow(doc: Document, path: YamlPath): boolean {
  const parent = doc.getIn(path.slice(0, -1), true) as Node | undefined;
  return (isMap(parent) || isSeq(parent)) && !!(parent as YAMLMap).flow;
}

/** The offset just past the end of the line `offset` is on (its newline included). */
function lineEnd(source: string, offset: number): number {
  const newline = source.indexOf('\n', Math.max(0, offset - 1));
  return newline < 0 ? source.length : newline + 1;
}

function insertLineAfter(source: string, offset: number, line: string): string {
  const end = lineEnd(source, offset);
  const head = source.slice(0, end);
  return `${head}${head.endsWith('\n') || head === '' ? '' : '\n'}${line}\n${source.slice(end)}`;
}

function getIn(data: unknown, path: YamlPath): unknown {
  return path.reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[String(key)] : undefined), data);
}

function setIn(data: unknown, path: YamlPath, value: unknown): void {
  const parent = getIn(data, path.slice(0, -1));
  if (parent && typeof parent === 'object') (parent as Record<string, unknown>)[String(path[path.length - 1])] = value;
}

function removeIn(data: unknown, path: YamlPath): void {
  const parent = getIn(data, path.slice(0, -1));
  if (Array.isArray(parent)) parent.splice(Number(path[path.length - 1]), 1);
}
