import type { ChangedLines } from './types.js';

/**
 * The one parser of unified-diff hunks (GitHub's `patch` field, or `git diff` output for one
 * file) and what is read from them: changed and commentable head lines, and the base text
 * rebuilt from the head.
 */

export interface Hunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** Diff lines followed the hunk past the counts of its header: the patch is not consistent. */
  excess?: boolean;
  /** Body lines, each starting with ' ', '+', '-', or a backslash ("No newline at end of file"). */
  lines: string[];
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

export function parseHunks(patch: string): Hunk[] {
  const hunks: Hunk[] = [];
  let current: Hunk | undefined;
  let oldLeft = 0;
  let newLeft = 0;
  for (const line of patch.split('\n')) {
    const header = HUNK_HEADER.exec(line);
    if (header) {
      current = {
        oldStart: Number(header[1]),
        oldLines: header[2] === undefined ? 1 : Number(header[2]),
        newStart: Number(header[3]),
        newLines: header[4] === undefined ? 1 : Number(header[4]),
        lines: [],
      };
      oldLeft = current.oldLines;
      newLeft = current.newLines;
      hunks.push(current);
      continue;
    }
    if (!current) continue;
    if (line.startsWith('\\')) {
      current.lines.push(line);
      continue;
    }
    if (oldLeft <= 0 && newLeft <= 0) {
      if (/^[-+ ]/.test(line)) current.excess = true;
      continue;
    }
    const marker = line === '' ? ' ' : line[0];
    if (marker === '+') newLeft--;
    else if (marker === '-') oldLeft--;
    else if (marker === ' ') {
      oldLeft--;
      newLeft--;
    } else continue;
    current.lines.push(line === '' ? ' ' : line); // some producers strip the space of empty context lines
  }
  return hunks;
}

/** Right-side lines of a patch: `+` lines, and every line GitHub accepts a RIGHT-side comment on. */
export function changedLinesFromPatch(patch: string): ChangedLines {
  const added = new Set<number>();
  const commentable = new Set<number>();
  for (const range of rightSide(patch)) {
    for (const [line, isAdded] of range) {
      commentable.add(line);
      if (isAdded) added.add(line);
    }
  }
  const sorted = (lines: Set<number>) => [...lines].sort((a, b) => a - b);
  return { added: sorted(added), commentable: sorted(commentable) };
}

/** Head lines inside each hunk (context and added): where GitHub accepts RIGHT-side review comments. */
export function rightSideRanges(patch: string | undefined): Array<Set<number>> {
  return patch ? rightSide(patch).map((range) => new Set(range.keys())) : [];
}

/** Per hunk: each head line in it, and whether it was added. */
function rightSide(patch: string): Array<Map<number, boolean>> {
  return parseHunks(patch).map((hunk) => {
    const lines = new Map<number, boolean>();
    let line = hunk.newStart;
    for (const raw of hunk.lines)
      if (raw.startsWith(' ') || raw.startsWith('+')) lines.set(line++, raw.startsWith('+'));
    return lines;
  });
}

/**
 * The file before the change, rebuilt from the head text and GitHub's patch. GitHub diffs
 * against the merge base, so this is the base the PR's diff shows, not the moving tip of the
 * base branch. Returns undefined when the patch does not apply (the caller then fetches the blob).
 */
export function reversePatch(head: string, patch: string): string | undefined {
  const headHasNewline = head.endsWith('\n');
  const headLines = head === '' ? [] : (headHasNewline ? head.slice(0, -1) : head).split('\n');
  const out: string[] = [];
  let cursor = 0;
  let oldMissingNewline = false;
  let sawOldEnd = false;
  for (const hunk of parseHunks(patch)) {
    if (hunk.excess) return undefined;
    const start = hunk.newLines === 0 ? hunk.newStart : hunk.newStart - 1;
    if (start < cursor || start > headLines.length) return undefined;
    while (cursor < start) out.push(headLines[cursor++]!);
    let previous = ' ';
    let oldCount = 0;
    for (const raw of hunk.lines) {
      const kind = raw[0];
      const text = raw.slice(1);
      if (kind === ' ' || kind === '+') {
        if (headLines[cursor] !== text) return undefined;
        cursor++;
      }
      if (kind === ' ' || kind === '-') {
        out.push(text);
        oldCount++;
      }
      if (kind === '\\' && (previous === ' ' || previous === '-')) oldMissingNewline = true;
      if (kind !== '\\') previous = kind!;
    }
    if (oldCount !== hunk.oldLines) return undefined;
    sawOldEnd = cursor === headLines.length;
  }
  while (cursor < headLines.length) out.push(headLines[cursor++]!);
  if (out.length === 0) return '';
  const oldHasNewline = sawOldEnd ? !oldMissingNewline : headHasNewline;
  return out.join('\n') + (oldHasNewline ? '\n' : '');
}
