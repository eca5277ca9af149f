import type { ChangedLines } from './types.js';

/**
 * Changed lines computed from both versions (no patch known): `+` lines of a line diff, and,
 * like GitHub's hunks, three lines of context around each change.
 */
export function changedLinesFromTexts(base: string | undefined, head: string, context = 3): ChangedLines {
  const headLines = splitLines(head);
  if (base === undefined) {
    const all = headLines.map((_, i) => i + 1);
    return { added: all, commentable: [...all] };
  }
  const ops = diffLines(splitLines(base), headLines);
  const added: number[] = [];
  const commentable = new Set<number>();
  const mark = (from: number, to: number) => {
    for (let l = Math.max(1, from); l <= Math.min(headLines.length, to); l++) commentable.add(l);
  };
  let newLine = 1;
  for (const op of ops) {
    if (op === '+') {
      added.push(newLine);
      mark(newLine - context, newLine + context);
      newLine++;
    } else if (op === '-') {
      mark(newLine - context, newLine + context - 1); // a deletion sits between newLine - 1 and newLine
    } else newLine++;
  }
  return { added, commentable: [...commentable].sort((a, b) => a - b) };
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * Myers' O(ND) diff of two line arrays: a list of operations, ' ' (kept), '-' (only in a),
 * '+' (only in b), in order. Common prefix and suffix are trimmed first.
 */
export function diffLines(a: readonly string[], b: readonly string[]): Array<' ' | '-' | '+'> {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < a.length - prefix &&
    suffix < b.length - prefix &&
    a[a.length - 1 - suffix] === b[b.length - 1 - suffix]
  )
    suffix++;
  const x = a.slice(prefix, a.length - suffix);
  const y = b.slice(prefix, b.length - suffix);
  const middle = myers(x, y);
  return [...Array<' '>(prefix).fill(' '), ...middle, ...Array<' '>(suffix).fill(' ')];
}

function myers(a: readonly string[], b: readonly string[]): Array<' ' | '-' | '+'> {
  const n = a.length;
  const m = b.length;
  if (n === 0) return Array<'+'>(m).fill('+');
  if (m === 0) return Array<'-'>(n).fill('-');
  const max = n + m;
  const offset = max;
  const v = new Int32Array(2 * max + 2);
  const trace: Int32Array[] = [];
  // Each saved frontier costs 2(n+m) integers: beyond ~16M of them, treat the middle as replaced.
  const limit = Math.min(max, Math.floor(16_000_000 / (2 * max + 2)));
  let found = false;
  for (let d = 0; d <= limit && !found; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let x: number;
      if (k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)) x = v[offset + k + 1]!;
      else x = v[offset + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = true;
        break;
      }
    }
  }
  if (!found) return [...Array<'-'>(n).fill('-'), ...Array<'+'>(m).fill('+')];
  // Backtrack through the saved frontiers.
  const ops: Array<' ' | '-' | '+'> = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d > 0; d--) {
    const vd = trace[d]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && vd[offset + k - 1]! < vd[offset + k + 1]!) ? k + 1 : k - 1;
    const prevX = vd[offset + prevK]!;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      ops.push(' ');
      x--;
      y--;
    }
    if (x === prevX) {
      ops.push('+');
      y--;
    } else {
      ops.push('-');
      x--;
    }
  }
  while (x > 0 && y > 0) {
    ops.push(' ');
    x--;
    y--;
  }
  return ops.reverse();
}
