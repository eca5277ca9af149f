import { describe, expect, it } from '@jest/globals';
import {
  checkCodeowners,
  ownershipChanges,
  parseCodeowners,
  probePath,
  resolveRepositoryConfig,
  runRepoChecks,
} from '../../src/repo-checks/index.js';
import { makeSnapshot } from './snapshot-factory.js';

const BASE = `* @org/platform
/clusters/prod/ @org/security @org/platform
/docs/
`;
const codeowners = { path: '.github/CODEOWNERS', text: BASE };
const sensitive = resolveRepositoryConfig({
  codeowners: {
    sensitivePaths: [
      { pattern: 'clusters/prod/**', owners: ['@org/security'] },
      { pattern: 'policies/**', owners: ['@org/security'] },
    ],
  },
});

describe('CODEOWNERS coverage', () => {
  it('passes when every changed file has an owner', () => {
    const r = checkCodeowners(
      makeSnapshot({ codeowners, changedFiles: [{ path: 'apps/a.yaml' }, { path: 'clusters/prod/b.yaml' }] }),
      resolveRepositoryConfig(undefined),
    );
    expect(r.outcome).toBe('pass');
    expect(r.summary).toBe('All 2 changed paths have owners (.github/CODEOWNERS).');
    expect(r.items.map((i) => i.message)).toContain(
      'clusters/prod/b.yaml: owned by @org/security @org/platform (.github/CODEOWNERS line 2).',
    );
  });

  it('fails a changed file that a line un-owns, naming the line', () => {
    const report = runRepoChecks(
      makeSnapshot({ codeowners, changedFiles: [{ path: 'docs/intro.md' }] }),
      undefined,
      ['codeowners'],
    );
    expect(report.findings).toEqual([
      expect.objectContaining({
        ruleId: 'codeowners-uncovered-file',
        file: 'docs/intro.md',
        severity: 'high',
        message:
          'docs/intro.md has no code owner: .github/CODEOWNERS line 3 (`/docs/`) matches it with no owners.',
      }),
    ]);
  });

  it('checks both sides of a rename', () => {
    const text = '/apps/ @org/apps\n';
    const r = checkCodeowners(
      makeSnapshot({
        codeowners: { path: 'CODEOWNERS', text },
        changedFiles: [{ path: 'unowned/a.yaml', previousPath: 'apps/a.yaml', status: 'renamed' }],
      }),
      resolveRepositoryConfig(undefined),
    );
    expect(r.items.map((i) => [i.subject, i.outcome])).toEqual([
      ['apps/a.yaml', 'pass'],
      ['unowned/a.yaml', 'fail'],
    ]);
    expect(r.items[1]!.message).toBe('unowned/a.yaml has no code owner: no line of CODEOWNERS matches it.');
  });

  it('reports a missing CODEOWNERS once', () => {
    const r = checkCodeowners(
      makeSnapshot({ codeowners: undefined, changedFiles: [{ path: 'a' }, { path: 'b' }] }),
      resolveRepositoryConfig(undefined),
    );
    expect(r.items).toEqual([
      expect.objectContaining({
        outcome: 'fail',
        ruleId: 'codeowners-missing',
        message: expect.stringContaining('none of the 2 changed files has an owner'),
      }),
    ]);
  });

  it('requires the configured owners on sensitive paths', () => {
    const text = '* @org/platform\n/clusters/ @org/platform\n/policies/ @org/security\n';
    const r = checkCodeowners(
      makeSnapshot({
        codeowners: { path: 'CODEOWNERS', text },
        changedFiles: [
          { path: 'clusters/prod/app.yaml' },
          { path: 'policies/p.yaml' },
          { path: 'clusters/dev/x.yaml' },
        ],
      }),
      sensitive,
    );
    const items = r.items.filter((i) => i.ruleId === 'codeowners-sensitive-path');
    expect(items.map((i) => [i.file, i.outcome])).toEqual([
      ['clusters/prod/app.yaml', 'fail'],
      ['policies/p.yaml', 'pass'],
    ]);
    expect(items[0]!.message).toBe(
      'clusters/prod/app.yaml matches the sensitive path clusters/prod/** and must be owned by @org/security, but CODEOWNERS line 2 gives it @org/platform.',
    );
  });

  it('compares owners case-insensitively', () => {
    const r = checkCodeowners(
      makeSnapshot({
        codeowners: { path: 'CODEOWNERS', text: '/clusters/ @Org/Security\n' },
        changedFiles: [{ path: 'clusters/prod/a.yaml' }],
      }),
      sensitive,
    );
    expect(r.outcome).toBe('pass');
  });

  it('reports syntax errors of the file, and GitHub errors instead of ours on the same line', () => {
    const text = '* @org/platform\n!secret @x\n*.yaml bad owner\n';
    const r = runRepoChecks(
      makeSnapshot({
        codeowners: { path: 'CODEOWNERS', text },
        codeownersErrors: [
          {
            line: 3,
            column: 8,
            kind: 'Invalid owner',
            message: 'Invalid owner on line 3',
            path: 'CODEOWNERS',
            suggestion: null,
          },
        ],
        changedFiles: [{ path: 'README.md' }],
      }),
      undefined,
      ['codeowners'],
    );
    const errors = r.findings.filter((f) => f.ruleId !== 'codeowners-uncovered-file');
    expect(errors.map((f) => [f.ruleId, f.file, f.line, f.severity])).toEqual([
      ['codeowners-github-error', 'CODEOWNERS', 3, 'medium'],
      ['codeowners-syntax', 'CODEOWNERS', 2, 'medium'],
    ]);
    expect(errors[0]!.message).toBe(
      'GitHub reports "Invalid owner" at CODEOWNERS line 3, column 8: Invalid owner on line 3.',
    );
  });

  it('treats a file of 3 MB or more as not loaded', () => {
    const text = '* @org/platform\n' + '#'.repeat(3 * 1024 * 1024);
    const r = checkCodeowners(
      makeSnapshot({ codeowners: { path: 'CODEOWNERS', text }, changedFiles: [{ path: 'a.yaml' }] }),
      resolveRepositoryConfig(undefined),
    );
    expect(r.items.map((i) => i.ruleId)).toEqual(['codeowners-too-large']);
  });

  it('says plainly when CODEOWNERS could not be read', () => {
    const r = checkCodeowners(
      makeSnapshot({ codeowners: { unavailable: 'GitHub answered 500' }, changedFiles: [{ path: 'a' }] }),
      resolveRepositoryConfig(undefined),
    );
    expect(r).toMatchObject({
      outcome: 'not_available',
      summary: 'CODEOWNERS could not be read: GitHub answered 500.',
    });
  });
});

describe('a pull request that changes CODEOWNERS', () => {
  const headText = '* @org/platform\n/clusters/prod/ @org/platform\n/docs/\n';
  it('is flagged, with the ownership changes to sensitive paths listed', () => {
    const r = runRepoChecks(
      makeSnapshot({
        codeowners,
        headCodeowners: { path: '.github/CODEOWNERS', text: headText },
        changedFiles: [{ path: '.github/CODEOWNERS' }],
        treePaths: ['clusters/prod/a.yaml', 'clusters/prod/b.yaml', 'apps/x.yaml'],
      }),
      { codeowners: { sensitivePaths: [{ pattern: 'clusters/prod/**', owners: ['@org/security'] }] } },
      ['codeowners'],
    );
    const changed = r.findings.find((f) => f.ruleId === 'codeowners-changed')!;
    expect(changed.severity).toBe('medium');
    expect(changed.message).toContain('This pull request changes .github/CODEOWNERS');
    expect(changed.message).toContain(
      'clusters/prod/**: clusters/prod/__any__, clusters/prod/a.yaml, clusters/prod/b.yaml from @org/security @org/platform to @org/platform',
    );
    const removed = r.findings.find((f) => f.ruleId === 'codeowners-sensitive-owner-removed')!;
    expect(removed).toMatchObject({ severity: 'high', file: '.github/CODEOWNERS' });
    expect(removed.message).toContain('takes clusters/prod/** away from @org/security');
  });

  it('says so when nothing sensitive changes', () => {
    const r = checkCodeowners(
      makeSnapshot({
        codeowners,
        headCodeowners: { path: '.github/CODEOWNERS', text: BASE + '/apps/ @org/apps\n' },
        changedFiles: [{ path: '.github/CODEOWNERS' }],
      }),
      sensitive,
    );
    const item = r.items.find((i) => i.ruleId === 'codeowners-changed')!;
    expect(item.message).toContain('It does not change the owners of the sensitive paths.');
    expect(r.items.some((i) => i.ruleId === 'codeowners-sensitive-owner-removed')).toBe(false);
  });

  it('reports a deleted CODEOWNERS and errors in the new file', () => {
    const deleted = checkCodeowners(
      makeSnapshot({
        codeowners,
        headCodeowners: undefined,
        changedFiles: [{ path: '.github/CODEOWNERS', status: 'removed' }],
      }),
      sensitive,
    );
    expect(deleted.items.find((i) => i.ruleId === 'codeowners-changed')!.message).toContain(
      'removes the CODEOWNERS file',
    );
    expect(deleted.items.some((i) => i.ruleId === 'codeowners-sensitive-owner-removed')).toBe(true);
    const broken = checkCodeowners(
      makeSnapshot({
        codeowners,
        headCodeowners: { path: '.github/CODEOWNERS', text: BASE + '[x] @a\n' },
        changedFiles: [{ path: '.github/CODEOWNERS' }],
      }),
      sensitive,
    );
    expect(broken.items.find((i) => i.ruleId === 'codeowners-changed')!.message).toContain(
      'the new .github/CODEOWNERS line 4: `[ ]` character ranges are not supported',
    );
  });

  it('helpers: probe paths and ownership diff', () => {
    expect(probePath('clusters/prod/**')).toBe('clusters/prod/__any__');
    expect(probePath('/policies/')).toBe('policies/__any__');
    expect(
      ownershipChanges(parseCodeowners('* @a\n'), parseCodeowners('* @A\n'), [{ pattern: '**' }], ['x']),
    ).toEqual([]);
  });
});
