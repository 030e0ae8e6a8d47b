import fs from 'node:fs';
import { parse } from 'yaml';
import { opsFileKind, opsFilePath } from '../flowfiles/editing/opsFiles';

/** What the file list says of a file: its intents and examples (flows), or how many entries it has. */
export interface OpsFileFacts {
  title?: string;
  intents: string[];
  examples: number;
  /** Canned replies or templates listed. */
  entries?: number;
  /** The file does not parse: the list still shows it, to be opened and fixed. */
  unreadable?: boolean;
}

export function describeOpsFile(dir: string, file: string): OpsFileFacts {
  let data: Record<string, unknown>;
  try {
    data = (parse(fs.readFileSync(opsFilePath(dir, file), 'utf8')) ?? {}) as Record<string, unknown>;
  } catch {
    return { intents: [], examples: 0, unreadable: true };
  }
  const count = (examples: unknown) => Object.values((examples ?? {}) as Record<string, unknown>).reduce<number>((n, list) => n + (Array.isArray(list) ? list.length : 0), 0);
  switch (opsFileKind(file)) {
    case 'flow': {
      const triggers = Array.isArray(data.triggers) ? (data.triggers as { intent?: unknown; examples?: unknown }[]) : [];
      const title = data.title as { en?: string } | string | undefined;
      return {
        title: typeof title === 'string' ? title : title?.en,
        intents: triggers.map((t) => String(t.intent ?? '')).filter(Boolean),
        examples: triggers.reduce((n, t) => n + count(t.examples), 0),
      };
    }
    case 'out-of-scope':
      return { title: 'Out of scope messages', intents: [], examples: count(data.examples) };
    case 'canned-replies':
      return { title: 'Canned replies', intents: [], examples: 0, entries: Array.isArray(data.replies) ? data.replies.length : 0 };
    default:
      return { title: 'Approved templates', intents: [], examples: 0, entries: Array.isArray(data.templates) ? data.templates.length : 0 };
  }
}
