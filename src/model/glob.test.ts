import { describe, expect, it } from '@jest/globals';
import { Minimatch } from 'minimatch';
import { LINEAR_FALLBACK_FLAG } from '../linear-regexps.js';
import { globMatch, globProblem, MAX_GLOB_EXPANSIONS } from './glob.js';

describe('globMatch', () => {
  it('matches as minimatch does', () => {
    expect(globMatch('apps/prod/app.yaml', 'apps/**/*.yaml', { dot: true })).toBe(true);
    expect(globMatch('clusters/prod/x', 'clusters/{prod,staging}/**', { dot: true })).toBe(true);
    expect(globMatch('a/.b.yaml', '*.yaml', { matchBase: true })).toBe(false);
    expect(globMatch('rbac-secrets-read', 'rbac-*')).toBe(true);
  });

  it("runs on minimatch's non-backtracking matcher: segments are NFA Matchers, never RegExps", () => {
    // A minimatch that compiled segments to RegExps again (before 11.0.9) would backtrack on
    // hostile globs; this fails before any such version is used.
    const parts = new Minimatch('a*b*c/**/+(x|y)*z', { dot: true }).set.flat();
    const compiled = parts.filter((p) => typeof p === 'object');
    expect(compiled.length).toBe(2);
    for (const p of compiled) {
      expect(p).not.toBeInstanceOf(RegExp);
      expect((p as object).constructor.name).toBe('Matcher');
    }
  });

  it('ends on hostile globs and paths, here without V8 linear fallback', () => {
    expect(process.execArgv.join(' ')).not.toContain(LINEAR_FALLBACK_FLAG);
    expect(globMatch('a'.repeat(200_000), `${'*a'.repeat(60)}b`)).toBe(false);
    expect(globMatch('a'.repeat(50_000), `${'*(a|aa)'.repeat(20)}b`)).toBe(false);
    expect(globMatch(`a://x/${'*'.repeat(120_000)}:`, 'a://x/***...:')).toBe(false);
    expect(globMatch(`${'a/'.repeat(3_000)}c`, `${'**/a*/'.repeat(150)}b`)).toBe(false);
  });

  it('does not expand brace bombs: a glob of more than 256 expansions matches nothing, and says so', () => {
    const bomb = '{a,b}'.repeat(30); // 2^30 globs; minimatch alone would build 100,000 of them
    expect(globProblem(bomb)).toBe(`the glob expands to more than ${MAX_GLOB_EXPANSIONS} globs`);
    expect(globMatch('a'.repeat(30), bomb)).toBe(false);
    expect(globProblem('{a,b}'.repeat(8))).toBeUndefined();
    expect(globMatch('a'.repeat(8), '{a,b}'.repeat(8))).toBe(true);
    expect(globProblem('x'.repeat(5_000))).toMatch(/longer than/);
    expect(globMatch('x'.repeat(5_000), 'x'.repeat(5_000))).toBe(false);
  });
});
