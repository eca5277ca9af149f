import { describe, expect, it } from '@jest/globals';
import { parseHunks, reversePatch, rightSideRanges } from './unified-diff.js';

describe('reversePatch', () => {
  it('rebuilds the base of a modified file', () => {
    const base = 'a\nb\nc\nd\ne\nf\ng\nh\n';
    const head = 'a\nb\nc\nD\ne\nf\ng\nh\ni\n';
    const patch = '@@ -2,6 +2,6 @@\n b\n c\n-d\n+D\n e\n f\n g\n@@ -8,1 +8,2 @@\n h\n+i';
    expect(reversePatch(head, patch)).toBe(base);
  });

  it('rebuilds a removed file from its patch alone', () => {
    expect(reversePatch('', '@@ -1,2 +0,0 @@\n-kind: Pod\n-metadata: {}')).toBe('kind: Pod\nmetadata: {}\n');
  });

  it('keeps a missing final newline on the old side', () => {
    const patch = '@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n';
    expect(reversePatch('a\nc\n', patch)).toBe('a\nb');
  });

  it('returns undefined when the patch does not match the head', () => {
    expect(reversePatch('x\ny\n', '@@ -1,2 +1,2 @@\n a\n-b\n+c')).toBeUndefined();
  });
});

describe('rightSideRanges', () => {
  it('lists context and added head lines per hunk', () => {
    const ranges = rightSideRanges('@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n@@ -10,2 +10,3 @@\n x\n+y\n z');
    expect(ranges.map((r) => [...r])).toEqual([
      [1, 2, 3],
      [10, 11, 12],
    ]);
    expect(parseHunks('@@ -1 +1 @@\n-a\n+b')[0]).toMatchObject({
      oldStart: 1,
      oldLines: 1,
      newStart: 1,
      newLines: 1,
    });
  });
});
