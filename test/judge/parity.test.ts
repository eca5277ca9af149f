import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { gatherGitChange } from '../../src/cli/gather-git.js';
import { loadBuiltinPacks } from '../../src/app/builtin-packs.js';
import { createGitHubPort } from '../../src/github/create-github-port.js';
import { gatherPullRequest } from '../../src/github/gather-pull-request.js';
import { judgeChange, resolveSettings, type Judgement } from '../../src/judge/index.js';
import { createRendererPort } from '../../src/render/exec/renderer-port.js';
import { builtinRules } from '../../src/rules/index.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, commit, git, newRepo, parseJson } from '../cli/git-repo.js';
import { GitHubMock, restCommit } from '../helpers/github-app-harness.js';
import { githubAnswers } from '../helpers/git-answers.js';
import { TestOctokit } from '../helpers/test-octokit.js';

/**
 * One change, two gatherers: the git gatherer (the CLI's `diff`) and the GitHub gatherer (the app,
 * against nock answering what GitHub would for the same two commits). The judgement must be the
 * same: findings, statuses, fingerprints, lines, repository-check outcomes.
 */

const CONFIG = `repository:
  signatures: { enabled: true }
  codeowners: { enabled: true, requireCoverage: true }
  branchProtection: { enabled: false }
`;
const CODEOWNERS_BASE = 'apps/ @org/apps\n.github/ @org/platform\n!broken-line\n';
const CUSTOM_RULE = `id: require-team-label
title: Workloads carry a team label
severity: high
description: Every workload says which team owns it.
remediation: Add metadata.labels.team.
match:
  kinds: [Deployment]
validations:
  - expression: has(object.metadata.labels) && 'team' in object.metadata.labels
    message: The workload has no team label.
    fieldPath: metadata.labels
`;
const deployment = (
  name: string,
  opts: { privileged?: boolean; image?: string; team?: boolean } = {},
) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: shop${opts.team ? '\n  labels:\n    team: payments' : ''}
spec:
  template:
    spec:
      containers:
        - name: app
          image: ${opts.image ?? 'nginx:1.27'}
          securityContext:
            privileged: ${opts.privileged ?? false}
`;
const role = (verbs: string, resources = 'pods') => `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: reader
  namespace: shop
rules:
  - apiGroups: [""]
    resources: [${resources}]
    verbs: ${verbs}
`;
/** Unchanged: judged again because the change widens its Role (a dependent, docs/diff.md). */
const BINDING = `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: reader
  namespace: shop
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: reader
subjects:
  - kind: ServiceAccount
    name: default
    namespace: shop
`;

const BASE_FILES: Record<string, string> = {
  '.github/CODEOWNERS': CODEOWNERS_BASE,
  '.github/gitops-guard.yml': CONFIG,
  '.github/gitops-guard/policies/team.yaml': CUSTOM_RULE,
  'apps/web.yaml': deployment('web', { team: true }),
  'apps/old/cache.yaml': deployment('cache', { privileged: true }),
  'apps/rbac.yaml': role('[get, list]'),
  'apps/binding.yaml': BINDING,
  'README.md': 'docs\n',
  'deploy/base/kustomization.yaml': 'resources:\n  - api.yaml\n',
  'deploy/base/api.yaml': deployment('api', { team: true }),
  'deploy/prod/kustomization.yaml': 'resources:\n  - ../base\n',
};
const DEBUG_PATCH = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  template:
    spec:
      containers:
        - name: app
          securityContext:
            privileged: true
`;
const HEAD_CHANGES: Record<string, string | null> = {
  'apps/web.yaml': deployment('web', { privileged: true, image: 'nginx:latest' }),
  'apps/old/cache.yaml': null,
  'apps/cache.yaml': deployment('cache', { privileged: true }),
  'apps/rbac.yaml': role('["*"]', 'pods, secrets'),
  'clusters/prod/new.yaml': deployment('new', { team: true }),
  // An overlay change: the patch is judged as rendered into the overlay, at its own line.
  'deploy/prod/kustomization.yaml': 'resources:\n  - ../base\npatches:\n  - path: debug.yaml\n',
  'deploy/prod/debug.yaml': DEBUG_PATCH,
  // The change weakens its own policy: the base branch's version still judges it.
  '.github/gitops-guard/policies/team.yaml': CUSTOM_RULE.replace(
    'kinds: [Deployment]',
    'kinds: [StatefulSet]',
  ),
};

const OWNER = 'octo';
const REPO = 'gitops';

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

/** What a judgement decided, without the words (commit messages name people differently in git and on GitHub). */
function decisions(j: Judgement) {
  const findings = [...j.findings, ...(j.repository?.findings ?? [])]
    .map(
      (f) =>
        `${f.status} ${f.ruleId} ${f.severity} ${f.file}:${f.line} ${f.fingerprint}${f.suppressed ? ' suppressed' : ''}${f.targets ? ` in ${f.targets.join('; ')}` : ''}`,
    )
    .sort();
  const checks = (j.repository?.results ?? [])
    .filter((r) => r.check !== 'branch-protection')
    .map((r) => `${r.check}: ${r.outcome}`);
  const resources = j.resources
    .map(
      (r) =>
        `${r.change} ${r.resource.kind} ${r.resource.name} ${r.file}${r.targets ? ` in ${r.targets}` : ''}`,
    )
    .sort();
  return { findings, checks, resources, failing: j.failing.map((f) => f.fingerprint).sort() };
}

describe('the app and the CLI judge the same change alike', () => {
  it('CODEOWNERS, a policy folder, a moved resource, a risky delta and an overlay patch: identical findings, statuses and fingerprints', async () => {
    const dir = newRepo(BASE_FILES);
    const base = git(dir, 'rev-parse', 'HEAD').trim();
    const head = commit(dir, HEAD_CHANGES, 'widen the role, move the cache');
    const { settings, errors } = resolveSettings({
      raw: (await import('yaml')).parse(CONFIG),
      rules: builtinRules,
      packs: loadBuiltinPacks(),
      today: '2026-06-01',
    });
    expect(errors).toEqual([]);

    const renderer = createRendererPort();
    const fromGit = await judgeChange(
      await gatherGitChange(settings, { root: dir, base, head, repositoryChecks: true, render: true }),
      settings,
      { renderer },
    );

    const answers = githubAnswers(dir, base, head);
    const mock = new GitHubMock(OWNER, REPO)
      .files(1, answers.files)
      .tree(base, answers.baseTree)
      .repoChecks({
        base,
        head,
        branch: 'main',
        codeowners: CODEOWNERS_BASE,
        commits: [restCommit(head, { verified: false, reason: 'unsigned' })],
      })
      // The second blob query reads the affected overlay's build closure.
      .graphql(answers.headBlobs, [], 2);
    const port = createGitHubPort(new TestOctokit({ auth: 'test' }), {
      owner: OWNER,
      repo: REPO,
      loadConfig: async () => undefined,
    });
    const pull = {
      number: 1,
      headSha: head,
      baseSha: base,
      baseRef: 'main',
      draft: false,
      state: 'open',
      changedFiles: answers.files.length,
    };
    const gathered = await gatherPullRequest(port, pull, settings, {
      threads: false,
      repository: `${OWNER}/${REPO}`,
      render: true,
    });
    const fromGitHub = await judgeChange(gathered.snapshot, settings, { renderer });
    expect(mock.errors).toEqual([]);

    // The fixture exercises what it claims to.
    const git_ = decisions(fromGit);
    expect(git_.findings.some((f) => f.includes('rbac-rules-widened'))).toBe(true);
    expect(git_.findings.some((f) => f.startsWith('introduced require-team-label'))).toBe(true);
    expect(git_.findings.some((f) => f.startsWith('existing codeowners-syntax'))).toBe(true);
    expect(
      git_.findings.some(
        (f) => f.startsWith('introduced codeowners-uncovered-file') && f.includes('clusters/prod/new.yaml'),
      ),
    ).toBe(true);
    expect(
      git_.findings.some((f) => f.startsWith('existing pss-privileged') && f.includes('apps/cache.yaml')),
    ).toBe(true);
    expect(git_.findings.some((f) => f.startsWith('introduced commit-signature'))).toBe(true);
    expect(
      git_.findings.filter(
        (f) => f.includes('rbac-binding-privileged-role') && f.includes('apps/binding.yaml'),
      ),
    ).toEqual([
      expect.stringMatching(/^introduced rbac-binding-privileged-role medium apps\/binding.yaml:9 /),
    ]);
    expect(
      git_.findings.filter((f) => f.startsWith('introduced pss-privileged') && f.includes('deploy/')),
    ).toEqual([expect.stringMatching(/deploy\/prod\/debug\.yaml:12 .* in deploy\/prod \(top overlay\)$/)]);
    // The patch is never judged as a whole resource (no missing-field findings on it).
    expect(git_.findings.filter((f) => f.includes('deploy/prod/debug.yaml') && !f.includes(' in '))).toEqual([
      expect.stringMatching(/^introduced codeowners-uncovered-file /),
    ]);

    expect(decisions(fromGitHub)).toEqual(git_);
  });

  it('`diff --pr` (the CLI over GitHub, @octokit/rest with a token) decides as the git gatherer does', async () => {
    const dir = newRepo(BASE_FILES);
    const base = git(dir, 'rev-parse', 'HEAD').trim();
    const head = commit(dir, HEAD_CHANGES, 'widen the role, move the cache');
    const viaGit = await cli(['diff', '--base', base, '--head', head, '--format', 'json'], dir);

    const answers = githubAnswers(dir, base, head);
    const mock = new GitHubMock(OWNER, REPO)
      .config(CONFIG)
      .files(1, answers.files)
      .tree(base, answers.baseTree)
      .repoChecks({
        base,
        head,
        branch: 'main',
        codeowners: CODEOWNERS_BASE,
        commits: [restCommit(head, { verified: false, reason: 'unsigned' })],
      })
      .graphql(answers.headBlobs, [], 2);
    nock('https://api.github.com')
      .get(`/repos/${OWNER}/${REPO}/pulls/1`)
      .matchHeader('authorization', 'token ghp_test')
      .reply(200, {
        number: 1,
        state: 'open',
        draft: false,
        changed_files: answers.files.length,
        head: { sha: head, ref: 'feature' },
        base: { sha: base, ref: 'main' },
      });
    const outside = mkdtempSync(join(tmpdir(), 'gg-pr-'));
    const saved = { ...process.env };
    Object.assign(process.env, { GITHUB_TOKEN: 'ghp_test' });
    delete process.env.GITHUB_API_URL;
    let viaPr: Awaited<ReturnType<typeof cli>>;
    try {
      viaPr = await cli(['diff', '--pr', `${OWNER}/${REPO}#1`, '--format', 'json'], outside);
    } finally {
      process.env = saved;
    }
    expect(mock.errors).toEqual([]);
    expect(viaPr.stderr).toBe('');
    const verdicts = (stdout: string) =>
      parseJson(stdout)
        .findings.map(
          (f) =>
            `${f.status} ${f.ruleId} ${f.severity} ${f.file}:${f.line} ${(f as unknown as { fingerprint: string }).fingerprint}`,
        )
        .filter((line) => !/ commit-signature/.test(line))
        .sort();
    expect(verdicts(viaGit.stdout).length).toBeGreaterThan(5);
    expect(verdicts(viaPr.stdout)).toEqual(verdicts(viaGit.stdout));
    expect(viaPr.code).toBe(viaGit.code);
  });

  it('`diff --pr` says what is missing: no token, a bad reference', async () => {
    const saved = { ...process.env };
    delete process.env.GITHUB_TOKEN;
    delete process.env.GH_TOKEN;
    try {
      const noToken = await cli(['diff', '--pr', 'octo/gitops#1'], tmpdir());
      expect(noToken.code).toBe(2);
      expect(noToken.stderr).toContain('GITHUB_TOKEN');
      const bad = await cli(['diff', '--pr', 'octo/gitops'], tmpdir());
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('OWNER/REPO#NUMBER');
    } finally {
      process.env = saved;
    }
  });
});
