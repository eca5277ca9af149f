import { describe, expect, it } from '@jest/globals';
import { resolveChartVersion } from './helm-repository-index.js';

const index = `apiVersion: v1
entries:
  podinfo:
    - {name: podinfo, version: 7.0.0-rc.1, urls: [podinfo-7.0.0-rc.1.tgz]}
    - {name: podinfo, version: 6.7.1, urls: [podinfo-6.7.1.tgz], digest: abc}
    - {name: podinfo, version: 6.10.0, urls: [https://example.com/podinfo-6.10.0.tgz]}
    - {name: podinfo, version: 6.2.0, urls: [podinfo-6.2.0.tgz]}
    - {name: podinfo, version: v5.9.0, urls: [podinfo-5.9.0.tgz]}
  other:
    - {name: other, version: 1.0.0, urls: [other-1.0.0.tgz]}
`;

const pick = (range: string | undefined) => {
  const r = resolveChartVersion(index, 'podinfo', range);
  return 'entry' in r ? r.entry.version : r.error;
};

describe('resolveChartVersion: the version Flux selects from an index.yaml', () => {
  it('no version or * is the newest stable version (numeric, not lexical, order)', () => {
    expect(pick(undefined)).toBe('6.10.0');
    expect(pick('*')).toBe('6.10.0');
  });
  it('an exact version, with or without v', () => {
    expect(pick('6.2.0')).toBe('6.2.0');
    expect(pick('5.9.0')).toBe('v5.9.0');
  });
  it('ranges take the newest match: caret, tilde, x, comparators, Masterminds commas, ||', () => {
    expect(pick('^6.2')).toBe('6.10.0');
    expect(pick('~6.7')).toBe('6.7.1');
    expect(pick('6.2.x')).toBe('6.2.0');
    expect(pick('>=6.0.0, <6.8.0')).toBe('6.7.1');
    expect(pick('>=6.0.0 <6.8.0')).toBe('6.7.1');
    expect(pick('<6.0.0 || 6.2.0')).toBe('6.2.0');
  });
  it('pre-releases only when the range names one', () => {
    expect(pick('>=7.0.0-0')).toBe('7.0.0-rc.1');
    expect(pick('>=6.9.0')).toBe('6.10.0');
  });
  it('keeps the digest and URLs of the chosen entry', () => {
    expect(resolveChartVersion(index, 'podinfo', '6.7.1')).toEqual({
      entry: { name: 'podinfo', version: '6.7.1', urls: ['podinfo-6.7.1.tgz'], digest: 'abc' },
    });
  });
  it('says why when nothing matches', () => {
    expect(pick('>=8')).toBe('no version of podinfo matches >=8');
    expect(pick('not a range!')).toContain('is not a semver version or range');
    expect(resolveChartVersion(index, 'missing', '*')).toEqual({
      error: 'its index.yaml has no chart named missing',
    });
    expect(resolveChartVersion(': [', 'podinfo', '*')).toMatchObject({
      error: expect.stringContaining('not YAML'),
    });
  });
});
