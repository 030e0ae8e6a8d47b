import { structuredPatch } from 'diff';

/** A readable difference between two texts: the changed places, each with a few lines around it. */
export interface TextDiff {
  hunks: { oldStart: number; oldLines: number; newStart: number; newLines: number; lines: string[] }[];
  added: number;
  removed: number;
}

/** Lines in `hunks` start with ' ' (unchanged), '-' (only in `from`) or '+' (only in `to`). A missing file is an empty text. */
export function diffTexts(from: string | null, to: string | null, context = 3): TextDiff {
  const patch = structuredPatch('from', 'to', from ?? '', to ?? '', '', '', { context });
  const hunks = patch.hunks.map(({ oldStart, oldLines, newStart, newLines, lines }) => ({ oldStart, oldLines, newStart, newLines, lines: lines.filter((l) => !l.startsWith('\\')) }));
  const count = (mark: string) => hunks.reduce((n, h) => n + h.lines.filter((l) => l.startsWith(mark)).length, 0);
  return { hunks, added: count('+'), removed: count('-') };
}
