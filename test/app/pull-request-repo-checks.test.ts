import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import {
  APP_ID,
  baselineRules,
  examplePayload,
  fullProtection,
  GitHubMock,
  graphqlRule,
  restCommit,
  testProbot,
  type RepoChecksSpec,
} from '../helpers/github-app-harness.js';
import { graphqlErrors } from '../helpers/github-graphql.js';
import { loadManifestFile } from '../../src/manifests/index.js';
import { compileRepositoryPolicies } from '../../src/policy/index.js';
import { BASE_DEPLOYMENT, manifestFile } from './fixtures.js';

/**
 * Repository checks (issue 6) and the base branch's own policies (issue 7) in the pull request
 * review, end to end: real Probot, real webhook payload, GitHub mocked with nock, every request
 * body validated against GitHub's OpenAPI and every GraphQL document against GitHub's schema.
 */

const OWNER = 'Codertocat';
const REPO = 'Hello-World';
const INSTALLATION = 1;
const payload0 = examplePayload<any>('pull_request', 'synchronize');
const NUMBER: number = payload0.number;
const HEAD: string = payload0.pull_request.head.sha;
const BASE: string = payload0.pull_request.base.sha;
const BRANCH: string = payload0.pull_request.base.ref;
const FILE = 'clusters/prod/web.yaml';
const RC: RepoChecksSpec = { base: BASE, head: HEAD, branch: BRANCH };

/** An image bump: every finding of the Deployment is pre-existing, so only the repository checks decide. */
const BUMPED = BASE_DEPLOYMENT.replace('nginx:1.27', 'nginx:1.28');
const BUMP_PATCH = `@@ -11,1 +11,1 @@\n-          image: nginx:1.27\n+          image: nginx:1.28`;

let mock: GitHubMock;

beforeEach(() => {
  nock.disableNetConnect();
  mock = new GitHubMock(OWNER, REPO);
});

afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  nock.enableNetConnect();
  expect(mock.errors).toEqual([]);
  expect(pending).toEqual([]);
});

async function receive(payload: any = examplePayload('pull_request', 'synchronize')) {
  await testProbot().receive({ id: 'delivery-rc', name: 'pull_request', payload });
}

/** An image bump of FILE with the given repository-check answers; comments off unless asked. */
function bump(
  spec: Partial<RepoChecksSpec> = {},
  config = 'review:\n  comments: "off"\n',
  extraFiles: Array<Record<string, unknown>> = [],
) {
  return mock
    .token(INSTALLATION)
    .findCheckRuns(HEAD)
    .createCheckRun(42)
    .config(config)
    .files(NUMBER, [manifestFile(FILE, BUMP_PATCH), ...extraFiles])
    .tree(BASE, { [FILE]: BASE_DEPLOYMENT })
    .graphql({ [`${HEAD}:${FILE}`]: { text: BUMPED } })
    .repoChecks({ ...RC, ...spec })
    .updateCheckRun(42);
}

const done = () => mock.bodies('patch', '/check-runs/42')[0];

describe('repository checks in the pull request check run', () => {
  it('passes a change whose commits GitHub signed (web-flow), with CODEOWNERS and full protection', async () => {
    bump({
      commits: [
        restCommit('1'.repeat(40)),
        restCommit('2'.repeat(40), { login: 'renovate[bot]', type: 'Bot' }),
      ],
    });
    await receive();
    const out = done();
    expect(out.conclusion).toBe('success');
    expect(out.output.summary).toContain('## Repository checks');
    expect(out.output.summary).toMatch(/\| Commit signatures \| ✅ pass \|/);
    expect(out.output.summary).toMatch(/\| CODEOWNERS \| ✅ pass \|/);
    expect(out.output.summary).toMatch(/\| Branch protection \| ✅ pass \|/);
    // CODEOWNERS rode in the one blob query, at the base commit, from all three locations.
    const graphql = mock.requests.filter((r) => r.path === '/graphql');
    expect(graphql).toHaveLength(1);
    expect(Object.values(graphql[0]!.body.variables)).toEqual(
      expect.arrayContaining([`${BASE}:.github/CODEOWNERS`, `${BASE}:CODEOWNERS`, `${BASE}:docs/CODEOWNERS`]),
    );
    // The commits came with the changed files (one compare call); CODEOWNERS is unchanged, so GitHub's errors were not asked.
    expect(mock.requests.filter((r) => r.path.includes('/compare/'))).toHaveLength(1);
    expect(mock.requests.some((r) => r.path.includes('/codeowners/errors'))).toBe(false);
  });

  it("reports the base CODEOWNERS's errors from our own parser, without asking GitHub", async () => {
    bump({ codeowners: '* @org/platform\n!clusters/dev/ @org/dev\n' });
    await receive();
    const out = done();
    expect(out.output.summary).toMatch(/\| CODEOWNERS \| ❌ fail \|/);
    expect(out.output.summary).toContain('.github/CODEOWNERS line 2');
    // An error of the base branch's file is not the change's: existing (as in the CLI), so no annotation.
    expect(out.output.annotations ?? []).toEqual([]);
    expect(out.output.summary).not.toContain('could not be read');
    expect(mock.requests.some((r) => r.path.includes('/codeowners/errors'))).toBe(false);
  });

  it("a pull request that changes CODEOWNERS: GitHub's errors of its version (ref = head SHA) are introduced findings", async () => {
    const headCodeowners = '* @org/platform\n/clusters/ @org/ghost\n';
    const patch = '@@ -1 +1,2 @@\n * @org/platform\n+/clusters/ @org/ghost';
    bump(
      {
        headCodeowners,
        codeownersErrors: [
          {
            line: 2,
            column: 12,
            kind: 'Unknown owner',
            source: '/clusters/ @org/ghost',
            suggestion: null,
            message: 'Unknown owner on line 2: make sure @org/ghost exists and has write access',
            path: '.github/CODEOWNERS',
          },
        ],
      },
      'review:\n  comments: "off"\n',
      [manifestFile('.github/CODEOWNERS', patch)],
    );
    await receive();
    const out = done();
    expect(out.output.summary).toContain(
      'GitHub reports "Unknown owner" at the pull request\'s .github/CODEOWNERS line 2, column 12',
    );
    const titles = out.output.annotations.map((a: any) => `${a.path}:${a.start_line}:${a.title}`);
    // Annotations carry introduced findings only.
    expect(titles).toContain('.github/CODEOWNERS:2:codeowners-github-error (medium)');
    expect(titles).toContain('.github/CODEOWNERS:1:codeowners-changed (medium)');
    expect(mock.requests.filter((r) => r.path.includes('/codeowners/errors'))).toEqual([
      expect.objectContaining({ path: expect.stringContaining(`ref=${HEAD}`) }),
    ]);
  });

  it('fails on an unsigned commit, in the summary only: no annotation and no review comment without a file', async () => {
    const unsigned = 'd'.repeat(40);
    bump(
      {
        commits: [
          restCommit('1'.repeat(40)),
          restCommit(unsigned, { verified: false, reason: 'unsigned', login: 'mallory' }),
        ],
      },
      'review:\n  comments: "on"\n',
    );
    await receive();
    const out = done();
    expect(out.conclusion).toBe('failure');
    expect(out.output.title).toMatch(/1 introduced \(1 at or above high\)/);
    expect(out.output.summary).toMatch(/\| Commit signatures \| ❌ fail \|/);
    expect(out.output.summary).toContain(unsigned.slice(0, 7));
    expect(out.output.annotations ?? []).toEqual([]);
    expect(mock.bodies('post', '/reviews')).toEqual([]);
  });

  it('reads all 260 commits of a pull request past the 250-commit limit (3 pages) and names the unsigned one', async () => {
    const commits = Array.from({ length: 260 }, (_, i) =>
      restCommit(
        String(i).padStart(40, '0'),
        i === 255 ? { verified: false, reason: 'unknown_key', login: 'mallory' } : {},
      ),
    );
    bump({ commits });
    await receive();
    const pages = mock.scope.pendingMocks(); // the optional approvals calls (harness) aside
    expect(pages).toEqual([]);
    const out = done();
    expect(out.conclusion).toBe('failure');
    expect(out.output.summary).toContain(String(255).padStart(40, '0').slice(0, 7));
    expect(out.output.summary).toMatch(/260 commits|of 260|260/);
  });

  it('reports CODEOWNERS coverage: an unowned changed file and a sensitive path without its owners', async () => {
    const config =
      'review:\n  comments: "on"\nrepository:\n  codeowners:\n    sensitivePaths:\n      - pattern: "clusters/prod/**"\n        owners: ["@org/security"]\n';
    bump({ codeowners: '/clusters/ @org/platform\n' }, config, [
      manifestFile('README.md', '@@ -1 +1 @@\n-a\n+b'),
    ]);
    await receive();
    const out = done();
    expect(out.conclusion).toBe('failure');
    expect(out.output.summary).toMatch(/\| CODEOWNERS \| ❌ fail \|/);
    expect(out.output.summary).toContain('README.md has no code owner');
    expect(out.output.summary).toContain('@org/security');
    // A finding on a changed file keeps its file: it is annotated there.
    expect(out.output.annotations.map((a: any) => `${a.path}:${a.title}`)).toContain(
      'README.md:codeowners-uncovered-file (high)',
    );
    // ...but never a review comment, although README.md line 1 is inside the diff: repository checks stay in the check run.
    expect(mock.bodies('post', '/reviews')).toEqual([]);
  });

  it('says "not available" with the reason on a 403 for classic protection, never a false failure', async () => {
    bump({
      protection: {
        status: 403,
        body: {
          message: 'Resource not accessible by integration',
          documentation_url: 'https://docs.github.com/rest',
        },
      },
    });
    await receive();
    const out = done();
    expect(out.conclusion).toBe('success');
    expect(out.output.summary).toMatch(/\| Branch protection \| ⚠️ not available \|/);
    expect(out.output.summary).toMatch(/Administration: read|not permitted/);
  });

  it('runs the repository checks when no manifest changed, and they decide the conclusion', async () => {
    mock
      .token(INSTALLATION)
      .findCheckRuns(HEAD)
      .createCheckRun(42)
      .config(undefined)
      .files(NUMBER, [manifestFile('README.md', '@@ -1 +1 @@\n-a\n+b')])
      .graphql({})
      .repoChecks({ ...RC, protection: { status: 404, body: { message: 'Branch not protected' } } })
      .updateCheckRun(42);
    await receive();
    const out = done();
    expect(out.conclusion).toBe('failure');
    expect(out.output.title).toMatch(/^No manifest changes · repository checks: \d+ introduced/);
    expect(out.output.summary).toMatch(/\| Branch protection \| ❌ fail \|/);
    // No tree listing without manifests: policies judge manifests only.
    expect(mock.requests.some((r) => r.path.includes('/git/trees/'))).toBe(false);
  });
});

const NOT_PROTECTED = { status: 404, body: { message: 'Branch not protected' } };
/** A bypass list without administrators (a team may bypass through pull requests only). */
const TEAM_BYPASS = [{ bypassMode: 'PULL_REQUEST', actor: { __typename: 'Team', databaseId: 9 } }];
const branchProtection = (summary: string) => summary.slice(summary.indexOf('### Branch protection'));

describe('ruleset rules read in the blob query (GraphQL Ref.rules)', () => {
  it('rules from GraphQL alone pass the baseline: no REST rules call, one GraphQL request for blobs, CODEOWNERS and rules', async () => {
    bump({
      protection: NOT_PROTECTED,
      rules: baselineRules(APP_ID, { id: 11, name: 'protect main', bypassActors: TEAM_BYPASS }),
    });
    await receive();
    const out = done();
    expect(out.conclusion).toBe('success');
    expect(out.output.summary).toMatch(/\| Branch protection \| ✅ pass \|/);
    const section = branchProtection(out.output.summary);
    expect(section).toContain(
      '2 approving reviews required (ruleset "protect main" (id 11, Codertocat/Hello-World))',
    );
    expect(section).toContain('"gitops-guard" is a required check');
    expect(section).not.toContain('not pinned');
    expect(section).toContain('Administrators cannot bypass ruleset "protect main"');
    const graphql = mock.requests.filter((r) => r.path === '/graphql');
    expect(graphql).toHaveLength(1);
    expect(graphql[0]!.body.variables).toMatchObject({ baseRef: `refs/heads/${BRANCH}` });
    expect(graphql[0]!.body.query).toContain('rules(first: 100');
    expect(
      mock.requests.some((r) => r.path.includes('/rules/branches/') || r.path.includes('/rulesets/')),
    ).toBe(false);
  });

  it('rules from GraphQL fail the baseline like REST rules did: too few approvals, a check pinned to another app, admins may bypass', async () => {
    const rules = [
      graphqlRule(
        'PULL_REQUEST',
        {
          __typename: 'PullRequestParameters',
          requiredApprovingReviewCount: 1,
          requireCodeOwnerReview: false,
          dismissStaleReviewsOnPush: true,
          requireLastPushApproval: false,
          requiredReviewThreadResolution: false,
        },
        { id: 12, bypassActors: [{ repositoryRoleDatabaseId: 5, repositoryRoleName: 'admin' }] },
      ),
      graphqlRule(
        'REQUIRED_STATUS_CHECKS',
        {
          __typename: 'RequiredStatusChecksParameters',
          requiredStatusChecks: [{ context: 'gitops-guard', integrationId: 999 }],
          strictRequiredStatusChecksPolicy: false,
        },
        { id: 12, bypassActors: [{ repositoryRoleDatabaseId: 5, repositoryRoleName: 'admin' }] },
      ),
      graphqlRule('NON_FAST_FORWARD', null, {
        id: 12,
        bypassActors: [{ repositoryRoleDatabaseId: 5, repositoryRoleName: 'admin' }],
      }),
      // An evaluate-mode ruleset enforces nothing (REST does not list it either).
      graphqlRule('REQUIRED_SIGNATURES', null, { id: 13, enforcement: 'EVALUATE' }),
      graphqlRule('DELETION', null, { id: 13, enforcement: 'EVALUATE' }),
    ];
    bump({ protection: NOT_PROTECTED, rules });
    await receive();
    const out = done();
    expect(out.conclusion).toBe('failure');
    const section = branchProtection(out.output.summary);
    expect(section).toMatch(
      /the baseline requires 2 approving reviews, but ruleset "protect main" \(id 12, Codertocat\/Hello-World\) requires only 1/,
    );
    expect(section).toContain(
      'the baseline requires that code owners must approve, but no classic rule or ruleset does',
    );
    expect(section).toContain(
      'the baseline requires that commits must be signed, but no classic rule or ruleset does',
    );
    expect(section).toContain(
      'the baseline requires that the branch cannot be deleted, but no classic rule or ruleset does',
    );
    expect(section).toContain(`"gitops-guard" is required from another app (id 999`);
    expect(section).toMatch(/administrators can bypass ruleset "protect main"/);
    expect(section).toContain('New pushes dismiss stale approvals');
    expect(section).toContain('Force pushes are blocked');
  });

  it('an empty GraphQL bypass list is confirmed with GET /rulesets/{id}, as before', async () => {
    bump({
      protection: NOT_PROTECTED,
      rules: baselineRules(APP_ID, { id: 14 }),
      rulesetDetails: {
        14: {
          status: 200,
          body: { id: 14, name: 'protect main', bypass_actors: [], current_user_can_bypass: 'never' },
        },
      },
    });
    await receive();
    const out = done();
    expect(out.conclusion).toBe('success');
    expect(branchProtection(out.output.summary)).toContain(
      'Administrators cannot bypass ruleset "protect main" (id 14',
    );
    expect(mock.requests.filter((r) => r.path.includes('/rulesets/14'))).toHaveLength(1);
  });

  it('a field error on the rules keeps the review going: the blobs are used, the rules are "not available" with GitHub\'s message', async () => {
    // A privileged change on a manifest (a finding that needs the blob), and GitHub refusing the rules field.
    const privileged = BUMPED.replace(
      '          image: nginx:1.28',
      '          image: nginx:1.28\n          securityContext:\n            privileged: true',
    );
    mock
      .token(INSTALLATION)
      .findCheckRuns(HEAD)
      .createCheckRun(42)
      .config('review:\n  comments: "off"\n')
      .files(NUMBER, [
        manifestFile(
          FILE,
          `${BUMP_PATCH.replace('+11,1', '+11,3')}\n+          securityContext:\n+            privileged: true`,
        ),
      ])
      .tree(BASE, { [FILE]: BASE_DEPLOYMENT })
      .graphql({ [`${HEAD}:${FILE}`]: { text: privileged } })
      .repoChecks({
        ...RC,
        protection: NOT_PROTECTED,
        rulesError: { type: 'FORBIDDEN', message: 'Resource not accessible by integration' },
      })
      .updateCheckRun(42);
    await receive();
    const out = done();
    // The manifest was read from the same query and judged.
    expect(out.output.annotations.map((a: any) => a.title)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^pss-privileged/)]),
    );
    expect(out.conclusion).toBe('failure');
    expect(out.output.summary).toMatch(/\| Branch protection \| ⚠️ not available \|/);
    expect(out.output.summary).toContain(
      'rulesets: this app is not permitted to read the branch rules (Metadata: read) (GitHub\'s GraphQL API: FORBIDDEN "Resource not accessible by integration")',
    );
    // Nothing was concluded from the missing rules: "not available", never "fail".
    expect(branchProtection(out.output.summary)).not.toContain('❌ fail');
    expect(mock.requests.filter((r) => r.path === '/graphql')).toHaveLength(1);
  });
});

const VAP = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: max-replicas
spec:
  matchConstraints:
    resourceRules:
      - apiGroups: [apps]
        apiVersions: [v1]
        operations: [CREATE, UPDATE]
        resources: [deployments]
  validations:
    - expression: "!has(object.spec.replicas) || object.spec.replicas <= 5"
      message: At most 5 replicas.
      fieldPath: spec.replicas
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: max-replicas
spec:
  policyName: max-replicas
  validationActions: [Deny]
`;

const KYVERNO = `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata:
  name: one-replica
spec:
  validationFailureAction: Enforce
  rules:
    - name: never
      match:
        any:
          - resources:
              kinds: [Deployment]
      validate:
        message: At most one replica.
        pattern:
          spec:
            replicas: "<2"
`;

const CUSTOM_RULE = `id: team-label
title: Workloads carry a team label
severity: high
description: Every workload names its team.
remediation: Add metadata.labels.team.
match:
  kinds: [Deployment]
validations:
  - expression: has(object.metadata.labels) && 'team' in object.metadata.labels
    message: The workload has no team label.
`;

const big = (name: string, replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: shop
  labels:
    team: shop
spec:
  replicas: ${replicas}
  template:
    spec:
      containers:
        - name: app
          image: nginx:1.27
`;

const added = (text: string) =>
  `@@ -0,0 +1,${text.trimEnd().split('\n').length} @@\n${text
    .trimEnd()
    .split('\n')
    .map((l) => `+${l}`)
    .join('\n')}`;

describe("the base branch's policies judge the pull request", () => {
  it('a resource violating a base ValidatingAdmissionPolicy yields vap/<name> introduced; a base custom CEL rule applies too', async () => {
    const head = big('huge', 10).replace('  labels:\n    team: shop\n', '');
    mock
      .token(INSTALLATION)
      .findCheckRuns(HEAD)
      .createCheckRun(42)
      .config('review:\n  comments: "off"\n')
      .files(NUMBER, [manifestFile('apps/huge.yaml', added(head), 'added')])
      .tree(BASE, {
        'policies/vap.yaml': VAP,
        '.github/gitops-guard/policies/team.yaml': CUSTOM_RULE,
        'apps/other.yaml': big('other', 1),
      })
      .graphql({ [`${HEAD}:apps/huge.yaml`]: { text: head } })
      .repoChecks(RC)
      .updateCheckRun(42);
    await receive();
    const out = done();
    expect(out.conclusion).toBe('failure');
    const annotations = out.output.annotations.map((a: any) => `${a.path}:${a.start_line}:${a.title}`);
    expect(annotations).toContain('apps/huge.yaml:7:vap/max-replicas (high)');
    expect(
      annotations.some((a: string) => a.startsWith('apps/huge.yaml:') && a.includes('team-label (high)')),
    ).toBe(true);
    expect(out.output.summary).toContain('At most 5 replicas.');
    // One tree listing and one GraphQL query carried the head manifest, CODEOWNERS and the base policy files.
    expect(mock.requests.filter((r) => r.path === '/graphql')).toHaveLength(1);
    const variables = Object.values(mock.requests.find((r) => r.path === '/graphql')!.body.variables);
    expect(variables).toEqual(
      expect.arrayContaining([
        `${BASE}:policies/vap.yaml`,
        `${BASE}:.github/gitops-guard/policies/team.yaml`,
        `${BASE}:apps/other.yaml`,
      ]),
    );
  });

  it('a pull request that adds a Kyverno policy and weakens the VAP does not change how its own resources are judged', async () => {
    const weakened = VAP.replace('validationActions: [Deny]', 'validationActions: [Audit]').replace(
      '<= 5',
      '<= 100',
    );
    const vapPatch = `@@ -13,1 +13,1 @@\n-    - expression: "!has(object.spec.replicas) || object.spec.replicas <= 5"\n+    - expression: "!has(object.spec.replicas) || object.spec.replicas <= 100"\n@@ -23,1 +23,1 @@\n-  validationActions: [Deny]\n+  validationActions: [Audit]`;
    mock
      .token(INSTALLATION)
      .findCheckRuns(HEAD)
      .createCheckRun(42)
      .config('review:\n  comments: "off"\n')
      .files(NUMBER, [
        manifestFile('apps/huge.yaml', added(big('huge', 10)), 'added'),
        manifestFile('policies/vap.yaml', vapPatch),
        manifestFile('policies/kyverno.yaml', added(KYVERNO), 'added'),
      ])
      .tree(BASE, { 'policies/vap.yaml': VAP })
      .graphql({
        [`${HEAD}:apps/huge.yaml`]: { text: big('huge', 10) },
        [`${HEAD}:policies/vap.yaml`]: { text: weakened },
        [`${HEAD}:policies/kyverno.yaml`]: { text: KYVERNO },
      })
      .repoChecks(RC)
      .updateCheckRun(42);
    await receive();
    const out = done();
    expect(out.conclusion).toBe('failure');
    const titles = out.output.annotations.map((a: any) => `${a.path}:${a.title}`);
    // The base VAP (Deny, <= 5) still judges; the Kyverno policy added by the pull request judges nothing.
    expect(titles).toContain('apps/huge.yaml:vap/max-replicas (high)');
    expect(titles.some((t: string) => t.includes('kyverno/'))).toBe(false);
    // ...although on its own the head's Kyverno policy compiles and would flag the resource.
    expect(
      compileRepositoryPolicies(loadManifestFile('policies/kyverno.yaml', KYVERNO).resources).rules.map(
        (r) => r.id,
      ),
    ).toEqual(['kyverno/one-replica/never']);
    // Not read twice: the base of the changed policy file came from its patch, not from a blob.
    const variables = Object.values(mock.requests.find((r) => r.path === '/graphql')!.body.variables);
    expect(variables).not.toContain(`${BASE}:policies/vap.yaml`);
  });

  it('reports a custom rule that does not compile as a finding on its file, and the review goes on', async () => {
    const broken = CUSTOM_RULE.replace(
      "has(object.metadata.labels) && 'team' in object.metadata.labels",
      'object.metadata.labels[[[',
    );
    mock
      .token(INSTALLATION)
      .findCheckRuns(HEAD)
      .createCheckRun(42)
      .config('review:\n  comments: "off"\n')
      .files(NUMBER, [manifestFile(FILE, BUMP_PATCH)])
      .tree(BASE, { [FILE]: BASE_DEPLOYMENT, '.github/gitops-guard/policies/team.yaml': broken })
      .graphql({ [`${HEAD}:${FILE}`]: { text: BUMPED } })
      .repoChecks(RC)
      .updateCheckRun(42);
    await receive();
    const out = done();
    // The broken rule is on base already: listed as existing, the change is judged by everything else.
    expect(out.output.summary).toContain('.github/gitops-guard/policies/team.yaml');
    expect(out.conclusion).toBe('success');
  });

  it('without a readable base tree, says so and still reviews', async () => {
    mock
      .token(INSTALLATION)
      .findCheckRuns(HEAD)
      .createCheckRun(42)
      .config('review:\n  comments: "off"\n')
      .files(NUMBER, [manifestFile(FILE, BUMP_PATCH)])
      .tree(BASE, {}, 404)
      .graphql({ [`${HEAD}:${FILE}`]: { text: BUMPED } })
      .repoChecks({ ...RC, protection: { status: 200, body: fullProtection() } })
      .updateCheckRun(42);
    await receive();
    const out = done();
    expect(out.conclusion).toBe('success');
    expect(out.output.summary).toMatch(/The base tree could not be listed \(GitHub answered 404/);
  });
});

describe('push events through the real Probot app', () => {
  it('a forced push of an unsigned direct commit to the default branch fails a check run on the pushed head', async () => {
    // The real `push` example to the default branch (with an installation), made a forced update.
    const payload = examplePayload<any>('push', undefined, 4);
    const before = '9'.repeat(40);
    payload.before = before;
    payload.forced = true;
    payload.created = false;
    const after: string = payload.after;
    const direct = 'e'.repeat(40);
    mock.token(payload.installation.id).config(undefined);
    mock.scope
      .get(`/repos/${OWNER}/${REPO}/compare/${before}...${after}`)
      .query({ per_page: '100', page: '1' })
      .reply(200, {
        status: 'ahead',
        ahead_by: 1,
        behind_by: 0,
        total_commits: 1,
        commits: [restCommit(direct, { verified: false, reason: 'unsigned', login: 'mallory' })],
        files: [],
      });
    mock.scope
      .post(
        '/graphql',
        (body) => (mock.errors.push(...graphqlErrors(body.query)), /query pushedCommits/.test(body.query)),
      )
      .reply(200, { data: { repository: { c0: { associatedPullRequests: { nodes: [] } } } } });
    mock.createCheckRun(77);
    await testProbot().receive({ id: 'delivery-push', name: 'push', payload });
    const [created] = mock.bodies('post', '/check-runs');
    expect(created).toMatchObject({
      name: 'gitops-guard',
      head_sha: after,
      status: 'completed',
      conclusion: 'failure',
    });
    expect(created.output.summary).toContain(direct.slice(0, 7));
    expect(created.output.summary).toMatch(/forced|force/i);
  });
});
