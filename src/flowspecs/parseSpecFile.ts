import { openYaml, type PathKey } from '../flowfiles/yamlSource';
import fs from 'node:fs';
import path from 'node:path';
import type { FlowProblem } from '../flowfiles/model';
import { conversationSpec, specFileList, type ConversationSpecInput, type SpecStep } from './specSchema';

/** Where something is in a spec file (1-based). */
export interface SpecLocation {
  file: string;
  line: number;
  column: number;
}

export interface LocatedStep extends SpecStep {
  /** 1-based position in the spec. */
  number: number;
  at: SpecLocation;
}

/** One validated spec, with where it and each of its steps are written. */
export interface ConversationSpec {
  name: string;
  customer?: { phone?: string; name?: string; username?: string };
  steps: LocatedStep[];
  at: SpecLocation;
}

export interface ParsedSpecFile {
  file: string;
  specs: ConversationSpec[];
  problems: FlowProblem[];
}


/**
 * Parses and validates one spec file. Problems point at `file:line:column`, as the flow
 * checker does: a file with a problem yields no specs at all, so nothing half-checked runs.
 */
export function parseSpecFile(file: string, source: string): ParsedSpecFile {
  const yaml = openYaml(source);
  const { doc } = yaml;
  const locate = (keys: PathKey[], key = false) => yaml.locate(keys, key);
  const problems: FlowProblem[] = yaml.syntaxProblems(file, 'check indentation, and put texts with ": " or " #" in double quotes');
  if (problems.length > 0) return { file, specs: [], problems };

  const content = doc.toJS() as unknown;
  if (content === null || content === undefined) {
    return { file, specs: [], problems: [{ file, line: 1, column: 1, message: 'the file is empty', hint: 'write one spec, or a list of specs' }] };
  }
  // One spec (a mapping) or a list of specs; a list is the usual shape.
  const single = !Array.isArray(content);
  const parsed = single ? conversationSpec.array().safeParse([content]) : specFileList.safeParse(content);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const issuePath = issue.path.filter((p): p is PathKey => typeof p !== 'symbol');
      const docPath = single ? issuePath.slice(1) : issuePath;
      const unknownKeys = issue.code === 'unrecognized_keys' ? (issue as { keys?: string[] }).keys : undefined;
      const value = valueAt(content, issuePath);
      // `[Merchant number: 01700]` is a field to YAML, not a text: the usual mistake, say so.
      const readAsField = issue.code === 'invalid_union' && (isPlainObject(value) || (Array.isArray(value) && value.some(isPlainObject)));
      problems.push({
        file,
        ...(unknownKeys?.length ? locate([...docPath, unknownKeys[0]], true) : locate(docPath)),
        message: `${describePath(docPath)}${issue.code === 'invalid_type' && value === undefined ? 'missing; this field is required' : describeIssue(issue, docPath)}`,
        hint: readAsField ? 'a text with ": " in it was read as a field; put that text in double quotes' : hintFor(issue, docPath),
      });
    }
    return { file, specs: [], problems };
  }

  const specs = (parsed.data as ConversationSpecInput[]).map((input, i): ConversationSpec => {
    const base: PathKey[] = single ? [] : [i];
    return {
      name: input.name,
      customer: typeof input.customer === 'string' ? { phone: input.customer } : input.customer,
      steps: input.steps.map((step, j) => ({ ...step, number: j + 1, at: { file, ...locate([...base, 'steps', j]) } })),
      at: { file, ...locate(base) },
    };
  });

  const seen = new Map<string, ConversationSpec>();
  for (const spec of specs) {
    const earlier = seen.get(spec.name);
    if (earlier) {
      problems.push({ file, line: spec.at.line, column: spec.at.column, message: `spec name "${spec.name}" is used twice in this file (first on line ${earlier.at.line})`, hint: 'give every spec its own name' });
    }
    seen.set(spec.name, spec);
  }
  return problems.length > 0 ? { file, specs: [], problems } : { file, specs, problems };
}

/** Spec files are the YAML files directly in the folder (`flows/tests/`), in name order. */
export function listSpecFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => path.join(dir, e.name))
    .sort();
}

/** Reads and validates every spec file of a folder (paths shown relative to the working directory). */
export function loadSpecFiles(dir: string): ParsedSpecFile[] {
  return listSpecFiles(dir).map((file) => parseSpecFile(path.relative(process.cwd(), file) || file, fs.readFileSync(file, 'utf8')));
}

function valueAt(root: unknown, keys: PathKey[]): unknown {
  let current = root;
  for (const key of keys) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[key];
  }
  return current;
}

function isPlainObject(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Counting from 0, like the flow checker: `0.steps.1.expect` is the first spec's second step. */
function describePath(keys: PathKey[]): string {
  return keys.length === 0 ? '' : `${keys.join('.')}: `;
}

function describeIssue(issue: { code: string; message: string; keys?: string[] }, keys: PathKey[]): string {
  if (issue.code === 'unrecognized_keys' && issue.keys) return `unknown field ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  const last = keys[keys.length - 1];
  if (issue.code === 'invalid_union') {
    if (last === 'contains' || last === 'notContains') return 'expected a text or a list of texts';
    if (last === 'customer') return 'expected a phone number, or { phone, name, username }';
    if (last === 'handoff') return 'expected true, false, or { team, priority }';
    if (last === 'say' || last === 'press' || typeof last === 'number') return 'expected a text';
  }
  return issue.message;
}

const FIELDS: Record<string, string> = {
  spec: 'name, customer, steps',
  step: 'say, press, share, expect',
  expect: 'contains, notContains, matches, buttons, offers, noReply, handoff, values, locale',
};

function hintFor(issue: { code: string }, keys: PathKey[]): string | undefined {
  if (issue.code !== 'unrecognized_keys') return undefined;
  const last = keys[keys.length - 1];
  if (last === 'expect') return `fields of expect: ${FIELDS.expect}`;
  if (typeof last === 'number' && keys[keys.length - 2] === 'steps') return `fields of a step: ${FIELDS.step}`;
  if (last === 'handoff') return 'fields of handoff: team, priority';
  if (last === 'customer') return 'fields of customer: phone, name, username';
  return `fields of a spec: ${FIELDS.spec}`;
}
