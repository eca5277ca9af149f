import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import {
  APPROVALS_RUN,
  examplePayload,
  GitHubMock,
  testProbot,
  type ApprovalsSpec,
} from '../helpers/github-app-harness.js';
import { BASE_DEPLOYMENT, manifestFile } from './fixtures.js';

/**
 * Separation of duties (issue 15, docs/approvals.md), end to end: real Probot, real webhook
 * payloads (pull_request.synchronize, pull_request_review.submitted / dismissed), GitHub mocked
 * with nock, every REST body checked against GitHub's OpenAPI and every GraphQL document against
 * its schema. A manifest review writes the plan into its check run; the review event reads it back.
 */

const OWNER = 'Codertocat';
const REPO = 'Hello-World';
const sync = examplePayload<any>('pull_request', 'synchronize');
const NUMBER: number = sync.number;
const HEAD: string = sync.pull_request.head.sha;
const BASE: string = sync.pull_request.base.sha;
const BRANCH: string = sync.pull_request.base.ref;
const AUTHOR: string = sync.pull_request.user.login; // Codertocat
const OLD = '0'.repeat(39) + '1';

const FILE = 'clusters/prod/web.yaml';
const BUMPED = BASE_DEPLOYMENT.replace('nginx:1.27', 'nginx:1.28');
const BUMP_PATCH = `@@ -11,1 +11,1 @@\n-          image: nginx:1.27\n+          image: nginx:1.28`;

const ROLE_FILE = 'clusters/shop/role.yaml';
const BASE_ROLE = `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: reader
  namespace: shop
rules:
  - apiGroups: [""]
    resources: ["pods"]
    verbs: ["get", "list"]
`;
const WIDE_ROLE = BASE_ROLE.replace('verbs: ["get", "list"]', 'verbs: ["*"]');
const ROLE_PATCH = `@@ -9 +9 @@\n-    verbs: ["get", "list"]\n+    verbs: ["*"]`;

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

interface Change {
  files: Array<Record<string, unknown>>;
  blobs: Record<string, { text: string }>;
  tree?: Record<string, string>;
  config?: string;
  codeowners?: string;
  headCodeowners?: string;
}

const bump: Change = {
  files: [manifestFile(FILE, BUMP_PATCH)],
  blobs: { [`${HEAD}:${FILE}`]: { text: BUMPED } },
  tree: { [FILE]: BASE_DEPLOYMENT },
};

const widenRole: Change = {
  files: [manifestFile(ROLE_FILE, ROLE_PATCH)],
  blobs: { [`${HEAD}:${ROLE_FILE}`]: { text: WIDE_ROLE } },
  tree: { [ROLE_FILE]: BASE_ROLE },
};

/** The manifest review of HEAD (pull_request.synchronize): returns the review's summary and the approvals run. */
async function reviewHead(change: Change, approvals: ApprovalsSpec = {}) {
  mock
    .token(1)
    .findCheckRuns(HEAD)
    .createCheckRun(42)
    .config(change.config ?? 'review:\n  comments: "off"\n')
    .files(NUMBER, change.files)
    .graphql(change.blobs)
    .repoChecks({
      base: BASE,
      head: HEAD,
      branch: BRANCH,
      ...(change.codeowners !== undefined ? { codeowners: change.codeowners } : {}),
      ...(change.headCodeowners !== undefined ? { headCodeowners: change.headCodeowners } : {}),
    })
    .updateCheckRun(42)
    .approvals(approvals);
  if (change.tree) mock.tree(BASE, change.tree);
  await testProbot().receive({
    id: 'delivery-pr',
    name: 'pull_request',
    payload: examplePayload('pull_request', 'synchronize'),
  });
  const summary: string = mock.bodies('patch', '/check-runs/42')[0].output.summary;
  const run = mock.approvalRuns().at(-1);
  return { summary, run };
}

/** A pull_request_review event on HEAD after `reviewHead`: the approvals are judged from the plan. */
async function reviewEvent(
  action: 'submitted' | 'dismissed',
  reviewSummary: string,
  approvals: ApprovalsSpec,
  approvalsSummary?: string,
) {
  mock
    .token(1)
    .listCheckRuns(HEAD, [
      { id: 42, name: 'gitops-guard', summary: reviewSummary },
      ...(approvalsSummary !== undefined
        ? [{ id: 901, name: APPROVALS_RUN, summary: approvalsSummary }]
        : []),
    ]);
  mock.approvals(approvals);
  const before = mock.approvalRequests.length;
  const payload = examplePayload<any>('pull_request_review', action, action === 'submitted' ? 1 : 0);
  payload.installation = { id: 1 };
  Object.assign(payload.pull_request, { number: NUMBER, state: 'open' });
  payload.pull_request.head.sha = HEAD;
  payload.pull_request.base.sha = BASE;
  payload.pull_request.base.ref = BRANCH;
  await testProbot().receive({ id: `delivery-review-${action}`, name: 'pull_request_review', payload });
  const calls = mock.approvalRequests.slice(before);
  return { run: mock.approvalRuns().at(-1), calls };
}

const requirement = (summary: string, title: RegExp) => {
  const section = summary.split('\n### ').find((s) => title.test(s.split('\n')[0]!));
  if (!section) throw new Error(`no requirement ${title} in\n${summary}`);
  return section;
};

describe('the approvals check run', () => {
  it('a new head: the review keeps its plan in a hidden first line and judges approvals at once', async () => {
    const { summary, run } = await reviewHead(bump);
    expect(summary).toMatch(/^<!-- gitops-guard:approvals-plan=[A-Za-z0-9+/=]+ -->\n/);
    expect(run.name).toBe(APPROVALS_RUN);
    expect(run.head_sha).toBe(HEAD);
    expect(run.conclusion).toBe('failure');
    expect(run.output.title).toBe('0 of 1 approval requirement met');
    expect(requirement(run.output.summary, /Independent approval/)).toContain('changes what is deployed');
    expect(run.output.summary).toContain('No approval yet.');
  });

  it('a review given while the head is being reviewed is judged once that review is done (it read the reviews before)', async () => {
    const probot = testProbot();
    mock
      .token(1)
      .findCheckRuns(HEAD)
      .createCheckRun(42)
      .config('review:\n  comments: "off"\n')
      .files(NUMBER, bump.files)
      .graphql(bump.blobs)
      .tree(BASE, bump.tree)
      .repoChecks({ base: BASE, head: HEAD, branch: BRANCH })
      .approvals({});
    // The review's check run completes only when the test says so.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let summary: string | undefined;
    let publishing = false;
    mock.scope.patch(`/repos/${OWNER}/${REPO}/check-runs/42`).reply(async (_uri, body: any) => {
      publishing = true;
      await gate;
      summary = body.output.summary;
      return [200, { id: 42 }];
    });
    // The review event lists our runs on the head: in progress, then (after waiting) completed with the plan.
    const listings: string[] = [];
    mock.scope
      .get(`/repos/${OWNER}/${REPO}/commits/${HEAD}/check-runs`)
      .query(true)
      .times(2)
      .reply(() => {
        listings.push(summary ? 'completed' : 'in_progress');
        const run = { id: 42, name: 'gitops-guard', app: { id: 123 } };
        return [
          200,
          {
            total_count: 1,
            check_runs: [
              summary
                ? {
                    ...run,
                    status: 'completed',
                    conclusion: 'failure',
                    output: { summary, annotations_count: 0 },
                  }
                : {
                    ...run,
                    status: 'in_progress',
                    conclusion: null,
                    output: { summary: null, annotations_count: 0 },
                  },
            ],
          },
        ];
      });
    const reviewing = probot.receive({
      id: 'delivery-pr',
      name: 'pull_request',
      payload: examplePayload('pull_request', 'synchronize'),
    });
    // The review has read the reviews (none yet, in its blob query) and is publishing; then alice approves.
    while (!publishing) await new Promise((r) => setTimeout(r, 5));
    mock.approvals({ reviews: [{ login: 'alice', state: 'APPROVED', commit: HEAD }] });
    const payload = examplePayload<any>('pull_request_review', 'submitted', 1);
    payload.installation = { id: 1 };
    Object.assign(payload.pull_request, { number: NUMBER, state: 'open' });
    payload.pull_request.head.sha = HEAD;
    const event = probot.receive({ id: 'delivery-review', name: 'pull_request_review', payload });
    while (listings.length === 0) await new Promise((r) => setTimeout(r, 5));
    release();
    await Promise.all([reviewing, event]);
    expect(listings).toEqual(['in_progress', 'completed']);
    const [byReview, byEvent] = mock.approvalRuns();
    expect(byReview.conclusion).toBe('failure');
    expect(byEvent.conclusion).toBe('success');
    expect(requirement(byEvent.output.summary, /Independent approval/)).toContain('**Counted:** `@alice`');
  });

  it('self-approval does not count; an independent approval does, on a review event of at most 5 calls', async () => {
    const { summary, run } = await reviewHead(bump);
    const self = await reviewEvent(
      'submitted',
      summary,
      { reviews: [{ login: AUTHOR, state: 'APPROVED', commit: HEAD }] },
      run.output.summary,
    );
    expect(self.run.conclusion).toBe('failure');
    expect(self.run.output.summary).toMatch(
      /`@Codertocat` \| approved on `ec26c3e` \| ❌ does not count \| self-approval: author of the pull request/,
    );
    // token + our check runs on the head + one GraphQL query + the approvals run written
    expect(self.calls.map((c) => `${c.method} ${c.path.replace(/\?.*/, '')}`)).toEqual([
      `get /repos/${OWNER}/${REPO}/commits/${HEAD}/check-runs`,
      'post /graphql',
      `patch /repos/${OWNER}/${REPO}/check-runs`,
    ]);
    const other = await reviewEvent('submitted', summary, {
      reviews: [
        { login: AUTHOR, state: 'APPROVED', commit: HEAD },
        { login: 'alice', state: 'APPROVED', commit: HEAD },
      ],
    });
    expect(other.run.conclusion).toBe('success');
    expect(requirement(other.run.output.summary, /Independent approval/)).toContain('**Counted:** `@alice`');
  });

  it('an approval from the author or co-author of a commit does not count', async () => {
    const { summary } = await reviewHead(bump);
    const { run } = await reviewEvent('submitted', summary, {
      reviews: [
        { login: 'octocat', state: 'APPROVED', commit: HEAD },
        { login: 'carol', state: 'APPROVED', commit: HEAD },
      ],
      commits: [
        { sha: 'c'.repeat(40), coAuthors: [{ login: 'carol', name: 'Carol', email: 'carol@example.com' }] },
      ],
    });
    expect(run.conclusion).toBe('failure');
    expect(run.output.summary).toContain('author of commit ccccccc');
    expect(run.output.summary).toContain('co-author (Co-authored-by) of commit ccccccc');
  });

  it('an approval followed by a push that changes a manifest is stale; a push of documentation only is not', async () => {
    mock.compareBetween(OLD, HEAD, [FILE, 'README.md']);
    const stale = await reviewHead(bump, { reviews: [{ login: 'alice', state: 'APPROVED', commit: OLD }] });
    expect(stale.run.conclusion).toBe('failure');
    expect(stale.run.output.summary).toContain(
      'stale: given on 0000000, and a later push changed what is deployed',
    );
    nock.cleanAll();
    mock = new GitHubMock(OWNER, REPO);
    mock.compareBetween(OLD, HEAD, ['README.md']);
    const fresh = await reviewHead(bump, { reviews: [{ login: 'alice', state: 'APPROVED', commit: OLD }] });
    expect(fresh.run.conclusion).toBe('success');
    // What was learnt is kept in the approvals run: the next review event compares nothing again.
    const again = await reviewEvent(
      'submitted',
      fresh.summary,
      { reviews: [{ login: 'alice', state: 'APPROVED', commit: OLD }] },
      fresh.run.output.summary,
    );
    expect(again.run.conclusion).toBe('success');
    expect(again.calls.some((c) => c.path.includes('/compare/'))).toBe(false);
  });

  it('a production change approved by the author’s own team does not count; by another owner it does', async () => {
    const change: Change = {
      ...bump,
      config:
        'review:\n  comments: "off"\nproduction:\n  paths: ["clusters/prod/**"]\napprovals:\n  teams: ["@org/payments", "@org/platform-team"]\n',
      codeowners: '* @org/platform\n/clusters/prod/ @org/prod-owners\n',
    };
    const teams = {
      'org/prod-owners': ['alice', 'bob'],
      'org/payments': [AUTHOR, 'alice'],
      'org/platform-team': ['bob'],
    };
    const { summary, run } = await reviewHead(change, {
      teams,
      reviews: [{ login: 'alice', state: 'APPROVED', commit: HEAD }],
    });
    expect(run.conclusion).toBe('failure');
    const production = requirement(run.output.summary, /Production owners/);
    expect(production).toContain('`clusters/prod/web.yaml` is a production path');
    expect(production).toContain('`@org/prod-owners`');
    expect(run.output.summary).toContain('not for production-1: same team as the author (`@org/payments`)');
    // The configured teams rode in the blob query; the CODEOWNERS team (known only from its answer) cost one query.
    expect(
      mock.approvalRequests
        .filter((r) => r.path === '/graphql')
        .map((r) => [r.body.query.split('(')[0], r.body.variables]),
    ).toEqual([['query GitopsGuardApprovalTeams', { o0: 'org', t0: 'prod-owners' }]]);
    const { run: after } = await reviewEvent('submitted', summary, {
      teams,
      reviews: [
        { login: 'alice', state: 'APPROVED', commit: HEAD },
        { login: 'bob', state: 'APPROVED', commit: HEAD },
      ],
    });
    expect(after.conclusion).toBe('success');
    expect(requirement(after.output.summary, /Production owners/)).toContain('**Counted:** `@bob`');
  });

  it('a risky RBAC delta needs the security owners: an approval from outside does not count, a member’s does', async () => {
    const change: Change = {
      ...widenRole,
      config: 'review:\n  comments: "off"\napprovals:\n  security:\n    owners: ["@org/security"]\n',
    };
    const teams = { 'org/security': ['sam'] };
    const { summary, run } = await reviewHead(change, {
      teams,
      reviews: [{ login: 'alice', state: 'APPROVED', commit: HEAD }],
    });
    expect(run.conclusion).toBe('failure');
    // The reviews, commits and the configured team rode in the review's blob query: no approvals query of their own.
    expect(mock.approvalRequests.filter((r) => r.path === '/graphql')).toEqual([]);
    const [blobQuery] = mock.requests.filter((r) => r.path === '/graphql').map((r) => r.body);
    expect(blobQuery.query).toMatch(
      /query GitopsGuardBlobs[\s\S]*reviews\(last: 100\)[\s\S]*m0: organization/,
    );
    expect(blobQuery.variables).toMatchObject({ o0: 'org', t0: 'security' });
    const security = requirement(run.output.summary, /Security owners/);
    expect(security).toMatch(/❌ unsatisfied/);
    expect(security).toContain('risky delta `delta-rbac-rules-widened`');
    expect(security).toContain('Role shop/reader');
    expect(run.output.summary).toContain('not for security: not one of its owners (`@org/security`)');
    const { run: after } = await reviewEvent('submitted', summary, {
      teams,
      reviews: [
        { login: 'alice', state: 'APPROVED', commit: HEAD },
        { login: 'sam', state: 'APPROVED', commit: HEAD },
      ],
    });
    expect(after.conclusion).toBe('success');
  });

  it('an edit of CODEOWNERS needs the security owners (by default the owners of the configuration file)', async () => {
    const change: Change = {
      files: [manifestFile('.github/CODEOWNERS', '@@ -1 +1,2 @@\n * @org/platform\n+/clusters/ @org/dev')],
      blobs: {},
      codeowners: '* @org/platform\n',
      headCodeowners: '* @org/platform\n/clusters/ @org/dev\n',
    };
    const { run } = await reviewHead(change, {
      teams: { 'org/platform': ['pat'] },
      reviews: [{ login: 'pat', state: 'APPROVED', commit: HEAD }],
    });
    expect(run.conclusion).toBe('success');
    const security = requirement(run.output.summary, /Security owners/);
    expect(security).toContain('edits CODEOWNERS');
    expect(security).toContain('CODEOWNERS owners of');
    // A CODEOWNERS edit changes nothing deployed: no independent requirement of its own.
    expect(run.output.summary).not.toContain('Independent approval');
  });

  it('a bot approval does not count', async () => {
    const { summary } = await reviewHead(bump);
    const { run } = await reviewEvent('submitted', summary, {
      reviews: [{ login: 'renovate', bot: true, state: 'APPROVED', commit: HEAD }],
    });
    expect(run.conclusion).toBe('failure');
    expect(run.output.summary).toMatch(/`@renovate\[bot\]` .*❌ does not count \| bot/);
  });

  it('a dismissed approval does not count', async () => {
    const { summary } = await reviewHead(bump, {
      reviews: [{ login: 'alice', state: 'APPROVED', commit: HEAD }],
    });
    const { run } = await reviewEvent('dismissed', summary, {
      reviews: [
        { login: 'alice', state: 'APPROVED', commit: HEAD, submittedAt: '2026-01-15T09:00:00Z' },
        { login: 'alice', state: 'DISMISSED', commit: HEAD, submittedAt: '2026-01-15T09:30:00Z' },
      ],
    });
    expect(run.conclusion).toBe('failure');
    expect(run.output.summary).toMatch(/`@alice` \| dismissed on `ec26c3e` \| — \| dismissed/);
  });

  it('without Members: read, team-based requirements are not available, said plainly, and the rest is judged', async () => {
    const change: Change = {
      ...bump,
      config: 'review:\n  comments: "off"\nproduction:\n  paths: ["clusters/prod/**"]\n',
      codeowners: '* @org/platform\n/clusters/prod/ @org/prod-owners\n',
    };
    const { run } = await reviewHead(change, {
      teams: { 'org/prod-owners': 'forbidden' },
      reviews: [{ login: 'alice', state: 'APPROVED', commit: HEAD }],
    });
    expect(run.conclusion).toBe('failure');
    expect(requirement(run.output.summary, /Independent approval/)).toMatch(/✅ satisfied/);
    const production = requirement(run.output.summary, /Production owners/);
    expect(production).toMatch(/⚪ not available/);
    expect(production).toContain('Members: read');
  });

  it('a review event on a head whose review runs in no process of ours (inline) writes nothing (a queue runs it again later: test/queue/job-handler)', async () => {
    mock
      .token(1)
      .listCheckRuns(HEAD, [{ id: 42, name: 'gitops-guard', status: 'in_progress', conclusion: null }]);
    const payload = examplePayload<any>('pull_request_review', 'submitted', 1);
    payload.installation = { id: 1 };
    payload.pull_request.head.sha = HEAD;
    payload.pull_request.state = 'open';
    await testProbot().receive({ id: 'delivery-review-early', name: 'pull_request_review', payload });
    expect(mock.approvalRuns()).toEqual([]);
  });

  it('a plan block that is not on the first line of our summary (quoted repository text) is not read', async () => {
    const { summary } = await reviewHead(bump);
    const forged = `Some text\n${summary}`;
    const { run } = await reviewEvent('submitted', forged, { reviews: [] }, 'previous');
    expect(run.output.title).toBe('Approvals not evaluated');
    expect(run.conclusion).toBe('failure');
  });
});
