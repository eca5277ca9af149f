import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { changedLinesFromTexts, diffLines } from './line-diff.js';
import { changedLinesFromPatch } from './unified-diff.js';

function apply(a: string[], b: string[], ops: Array<' ' | '-' | '+'>): { fromA: string[]; fromB: string[] } {
  const fromA: string[] = [];
  const fromB: string[] = [];
  let i = 0;
  let j = 0;
  for (const op of ops) {
    if (op === ' ') {
      expect(a[i]).toBe(b[j]);
      fromA.push(a[i++]!);
      fromB.push(b[j++]!);
    } else if (op === '-') fromA.push(a[i++]!);
    else fromB.push(b[j++]!);
  }
  return { fromA, fromB };
}

describe('line diff', () => {
  it('diffLines is a valid edit script and minimal on simple cases', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 30 }),
        fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { maxLength: 30 }),
        (a, b) => {
          const ops = diffLines(a, b);
          const { fromA, fromB } = apply(a, b, ops);
          expect(fromA).toEqual(a);
          expect(fromB).toEqual(b);
          if (a.join() === b.join()) expect(ops.every((o) => o === ' ')).toBe(true);
        },
      ),
    );
    expect(diffLines(['a', 'b', 'c'], ['a', 'x', 'c'])).toEqual([' ', '-', '+', ' ']);
  });

  it('computes added and commentable (3 lines of context) head lines from two texts', () => {
    const base = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';
    const head = base.replace('line 10\n', 'line ten\n');
    expect(changedLinesFromTexts(base, head)).toEqual({
      added: [10],
      commentable: [7, 8, 9, 10, 11, 12, 13],
    });
    expect(changedLinesFromTexts(undefined, 'a\nb\n')).toEqual({ added: [1, 2], commentable: [1, 2] });
  });

  it('parses unified diff hunks (GitHub patch): + lines and right-side context lines', () => {
    const patch = [
      '@@ -1,3 +1,4 @@',
      ' a',
      '-b',
      '+B',
      '+C',
      ' d',
      '@@ -10 +11,0 @@',
      '-gone',
      '\\ No newline at end of file',
      '',
    ].join('\n');
    expect(changedLinesFromPatch(patch)).toEqual({ added: [2, 3], commentable: [1, 2, 3, 4] });
  });
});
