/** GitHub `patch` strings (unified-diff hunks without file headers): hunks, RIGHT-side lines, reverse application. */

export interface PatchHunk {
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** Raw hunk body lines, each starting with ' ', '+', '-' or '\'. */
  lines: string[];
}

const HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

export function parsePatch(patch: string): PatchHunk[] {
  const hunks: PatchHunk[] = [];
  let current: PatchHunk | undefined;
  const lines = patch.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (const line of lines) {
    const header = HEADER.exec(line);
    if (header) {
      current = {
        oldStart: Number(header[1]),
        oldLines: header[2] === undefined ? 1 : Number(header[2]),
        newStart: Number(header[3]),
        newLines: header[4] === undefined ? 1 : Number(header[4]),
        lines: [],
      };
      hunks.push(current);
    } else if (current && (line.startsWith(' ') || line.startsWith('+') || line.startsWith('-') || line.startsWith('\\'))) {
      current.lines.push(line);
    } else if (current && line === '') {
      // A blank context line some producers emit without its leading space.
      current.lines.push(' ');
    }
  }
  return hunks;
}

/** Head lines inside each hunk (context and added): where GitHub accepts RIGHT-side review comments. */
export function rightSideRanges(patch: string | undefined): Array<Set<number>> {
  if (!patch) return [];
  return parsePatch(patch).map((hunk) => {
    const lines = new Set<number>();
    let line = hunk.newStart;
    for (const raw of hunk.lines) {
      if (raw.startsWith(' ') || raw.startsWith('+')) lines.add(line++);
    }
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
  for (const hunk of parsePatch(patch)) {
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
