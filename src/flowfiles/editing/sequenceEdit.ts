import { isMap, isScalar, isSeq, parseDocument, stringify, type Node, type YAMLMap, type YAMLSeq } from 'yaml';

/**
 * Appends a string to a list inside a YAML file and changes nothing else: comments, blank
 * lines, quoting and the spacing inside `[ ]` / `{ }` stay exactly as ops wrote them.
 *
 * The `yaml` package's Document API finds where the list is (every node keeps its offsets in
 * the source); the new item is then spliced into the original text at that place, in the style
 * of its neighbours. Re-stringifying the whole document would normalise the layout of every
 * other line, and ops review these changes in git.
 */
export type YamlPath = (string | number)[];

export class YamlEditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'YamlEditError';
  }
}

/**
 * The source with `value` added at the end of the list at `path`. A missing list under an
 * existing mapping is created (as a block list under a new key). The result is parsed again
 * and must hold exactly the old data plus the new item.
 */
export function appendToSequence(source: string, path: YamlPath, value: string): string {
  const doc = parseDocument(source, { keepSourceTokens: false });
  if (doc.errors.length > 0) throw new YamlEditError(`the file is not valid YAML: ${doc.errors[0]?.message.split('\n')[0]}`);
  const target = doc.getIn(path, true) as Node | undefined;
  let edited: string;
  if (isSeq(target)) edited = target.flow ? appendToFlowSequence(source, target, value) : appendToBlockSequence(source, target, value);
  else if (target === undefined || target === null) edited = addKeyWithList(source, doc.getIn(path.slice(0, -1), true) as Node | undefined, String(path[path.length - 1]), value);
  else throw new YamlEditError(`${path.join('.')} is not a list`);

  const expected = doc.toJS() as unknown;
  const list = getIn(expected, path);
  if (Array.isArray(list)) list.push(value);
  else setIn(expected, path, [value]);
  const check = parseDocument(edited);
  if (check.errors.length > 0 || JSON.stringify(check.toJS()) !== JSON.stringify(expected)) {
    throw new YamlEditError(`could not add to ${path.join('.')} without changing anything else`);
  }
  return edited;
}

/** `en: [a, b]` -> `en: [a, b, "c"]`: before the closing bracket, double-quoted (JSON is valid YAML). */
function appendToFlowSequence(source: string, seq: YAMLSeq, value: string): string {
  const end = seq.range?.[1];
  if (end === undefined) throw new YamlEditError('the list has no position in the file');
  const close = source.lastIndexOf(']', end);
  const before = source.slice(0, close).trimEnd();
  return `${before}${seq.items.length > 0 ? ', ' : ''}${JSON.stringify(value)}${source.slice(before.length)}`;
}

/** A new `- item` line after the last item's line, indented like it. */
function appendToBlockSequence(source: string, seq: YAMLSeq, value: string): string {
  const last = seq.items[seq.items.length - 1] as Node | undefined;
  if (!last?.range) throw new YamlEditError('an empty block list cannot be extended in place');
  const lineStart = source.lastIndexOf('\n', last.range[0] - 1) + 1;
  const dash = source.slice(lineStart, last.range[0]);
  if (!/^\s*-\s+$/.test(dash)) throw new YamlEditError('the list items are not one per line');
  const indent = dash.slice(0, dash.indexOf('-'));
  return insertLine(source, last.range[1], `${indent}- ${blockScalar(value)}`);
}

/** `examples:` without `bn:` gets `bn:` and a one-item list, after its last key. */
function addKeyWithList(source: string, parent: Node | undefined, key: string, value: string): string {
  if (!isMap(parent) || parent.flow) throw new YamlEditError(`there is no block mapping to add "${key}" to`);
  const map = parent as YAMLMap;
  const lastPair = map.items[map.items.length - 1];
  const lastKey = lastPair?.key as Node | undefined;
  const lastValue = lastPair?.value as Node | undefined;
  if (!lastKey?.range || !isScalar(lastKey)) throw new YamlEditError(`there is no key to place "${key}" after`);
  const lineStart = source.lastIndexOf('\n', lastKey.range[0] - 1) + 1;
  const indent = source.slice(lineStart, lastKey.range[0]);
  const end = lastValue?.range?.[1] ?? lastKey.range[1];
  return insertLine(source, end, `${indent}${key}:\n${indent}  - ${blockScalar(value)}`);
}

/** `line` as a new line after the line on which `offset` falls (or after its trailing comment). */
function insertLine(source: string, offset: number, line: string): string {
  // The node's range ends where its value does; the line may go on with a comment.
  const probe = Math.max(0, offset - 1);
  const newline = source.indexOf('\n', probe);
  if (newline < 0) return `${source}${source.endsWith('\n') || source === '' ? '' : '\n'}${line}\n`;
  return `${source.slice(0, newline + 1)}${line}\n${source.slice(newline + 1)}`;
}

/** A string as a list item in block style: plain when YAML allows it, quoted otherwise. */
export function blockScalar(value: string): string {
  const text = stringify(value, { lineWidth: 0 }).trimEnd();
  // A multi-line form (`|-`) cannot follow "- " on one line; JSON-style double quotes can.
  return text.includes('\n') ? JSON.stringify(value) : text;
}

function getIn(data: unknown, path: YamlPath): unknown {
  return path.reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[String(key)] : undefined), data);
}

function setIn(data: unknown, path: YamlPath, value: unknown): void {
  const parent = getIn(data, path.slice(0, -1));
  if (parent && typeof parent === 'object') (parent as Record<string, unknown>)[String(path[path.length - 1])] = value;
}
