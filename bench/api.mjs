#!/usr/bin/env node
// API-call budget of one pull_request event: a simulated PR of N changed files (half of them
// manifests) goes through the real Probot app (dist/, built by `npm run build` / `npm ci`)
// against a mocked GitHub (nock, no network). Prints the calls for 1, 30 and 300 files; the
// last line is the 300-file count (issue 11's target: at most 12). Calls labelled `repo:` belong
// to the repository checks and the base branch's policies (a fixed number).
// The simulated repository has a CODEOWNERS file (unchanged by the PR), 20 unchanged manifests
// and one ValidatingAdmissionPolicy on base, classic protection and no rulesets; the PR has 3
// commits. It is a Kustomize repository: every changed manifest is a resource of one of 10
// overlays (`overlays/o-K`) over one base (a Deployment and a configMapGenerator reading a
// .properties file), so the app renders the affected overlays on base and head (issue 11). Up to 300 files, one compare call gives the files and the commits; the base branch's
// ruleset rules ride in the GraphQL blob query.
// Each pull request event also publishes the `gitops-guard / approvals` run: one call, since the
// review's one listing of our check runs finds both runs, and the approvals' reviews, commits and
// team members ride in its blob queries (docs/approvals.md). Then a pull_request_review event on the
// last head re-judges the approvals from the plan the review left in its check run: its count is
// printed before the last line (budget 5).
import { generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import nock from 'nock';
import { Probot, ProbotOctokit } from 'probot';

const appUrl = new URL('../dist/app/index.js', import.meta.url);
if (!existsSync(appUrl)) {
  console.error('bench:api needs the build: run `npm run build` first.');
  process.exit(2);
}
const { createApp } = await import(appUrl.href);

const OWNER = 'acme';
const REPO = 'gitops';
const NUMBER = 7;
const HEAD = 'a'.repeat(40);
const BASE = 'b'.repeat(40);
const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});

const deployment = (i, privileged) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${i}
  namespace: team-${i % 7}
spec:
  replicas: 2
  template:
    spec:
      containers:
        - name: app
          image: registry.example.com/app-${i}:1.1
${privileged ? '          securityContext:\n            privileged: true\n' : ''}`;

const VAP = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: max-replicas}
spec:
  matchConstraints:
    resourceRules: [{apiGroups: [apps], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [deployments]}]
  validations: [{expression: "object.spec.replicas <= 5", message: At most 5 replicas.}]
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: max-replicas}
spec: {policyName: max-replicas, validationActions: [Deny]}
`;

/** Half manifests (image bumps; every tenth also turns privileged on), half other files. */
function simulatedPullRequest(count) {
  const files = [];
  const blobs = new Map();
  const tree = [
    { path: '.github/CODEOWNERS', text: '* @acme/platform\n' },
    { path: 'policies/max-replicas.yaml', text: VAP },
  ];
  for (let i = 0; i < 20; i++)
    tree.push({ path: `clusters/staging/unchanged-${i}.yaml`, text: deployment(1000 + i, false) });
  tree.push(
    {
      path: 'base/kustomization.yaml',
      text: 'resources:\n  - web.yaml\nconfigMapGenerator:\n  - name: web\n    envs: [web.properties]\n',
    },
    { path: 'base/web.yaml', text: deployment(0, false).replace('app-0', 'web') },
    { path: 'base/web.properties', text: 'LOG_LEVEL=info\n' },
  );
  const overlays = new Map();
  for (let i = 0; i < count; i++) {
    if (i % 2 === 1) {
      files.push({
        sha: 'c'.repeat(40),
        filename: `docs/page-${i}.md`,
        status: 'modified',
        additions: 1,
        deletions: 1,
        changes: 2,
        blob_url: '',
        raw_url: '',
        contents_url: '',
        patch: '@@ -1 +1 @@\n-old\n+new',
      });
      continue;
    }
    const privileged = i % 20 === 0;
    const overlay = `overlays/o-${(i / 2) % 10}`;
    const path = `${overlay}/app-${i}.yaml`;
    overlays.set(overlay, [...(overlays.get(overlay) ?? []), `app-${i}.yaml`]);
    const head = deployment(i, privileged);
    const extra = privileged ? '\n+          securityContext:\n+            privileged: true' : '';
    const patch = `@@ -9,4 +9,${privileged ? 6 : 4} @@ spec:\n     spec:\n       containers:\n         - name: app\n-          image: registry.example.com/app-${i}:1.0\n+          image: registry.example.com/app-${i}:1.1${extra}`;
    files.push({
      sha: 'd'.repeat(40),
      filename: path,
      status: 'modified',
      additions: privileged ? 3 : 1,
      deletions: 1,
      changes: privileged ? 4 : 2,
      blob_url: '',
      raw_url: '',
      contents_url: '',
      patch,
    });
    blobs.set(`${HEAD}:${path}`, head);
    tree.push({ path, text: deployment(i, false).replace(':1.1', ':1.0') });
  }
  for (const [overlay, resources] of overlays)
    tree.push({
      path: `${overlay}/kustomization.yaml`,
      text: `resources:\n  - ../../base\n${resources.map((r) => `  - ${r}\n`).join('')}`,
    });
  for (const { path, text } of tree) blobs.set(`${BASE}:${path}`, text);
  return { files, blobs, tree };
}

/** What our check runs hold after the pull_request event (the review event reads them back). */
const written = { review: undefined, approvals: undefined };

/** The approvals query: 2 reviews (one by the author), 3 commits, 1 team of CODEOWNERS. */
function approvalsAnswer(variables) {
  const data = {
    repository: {
      pullRequest: {
        author: { __typename: 'User', login: 'dev' },
        reviews: {
          nodes: [
            {
              author: { __typename: 'User', login: 'dev' },
              state: 'APPROVED',
              submittedAt: '2026-01-01T10:00:00Z',
              commit: { oid: HEAD },
            },
            {
              author: { __typename: 'User', login: 'alice' },
              state: 'APPROVED',
              submittedAt: '2026-01-01T11:00:00Z',
              commit: { oid: HEAD },
            },
          ],
        },
        commits: {
          totalCount: 3,
          pageInfo: { hasNextPage: false, endCursor: null },
          nodes: ['1', '2', '3'].map((c) => ({
            commit: {
              oid: c.repeat(40),
              authors: { nodes: [{ name: 'dev', email: 'dev@example.com', user: { login: 'dev' } }] },
              committer: { name: 'GitHub', email: 'noreply@github.com', user: { login: 'web-flow' } },
            },
          })),
        },
      },
    },
  };
  for (const key of Object.keys(variables).filter((k) => /^o\d+$/.test(k)))
    data[`m${key.slice(1)}`] = {
      team: { members: { pageInfo: { hasNextPage: false }, nodes: [{ login: 'alice' }] } },
    };
  return { data };
}

function mockGitHub({ files, blobs, tree }, counts) {
  const count = (label) => () => void (counts[label] = (counts[label] ?? 0) + 1);
  const api = nock('https://api.github.com');
  api
    .post('/app/installations/1/access_tokens')
    .reply(
      201,
      () => (count('installation token')(), { token: 'ghs_bench', expires_at: '2099-01-01T00:00:00Z' }),
    );
  api
    .get(`/repos/${OWNER}/${REPO}/commits/${HEAD}/check-runs`)
    .query(true)
    .times(100)
    .reply(200, (uri) => {
      const name = new URL(uri, 'https://x').searchParams.get('check_name');
      if (name === 'gitops-guard') return (count('find check run')(), { total_count: 0, check_runs: [] });
      if (name) return (count('approvals: find the approvals run')(), { total_count: 0, check_runs: [] });
      // One listing of our runs on the head, both with their summaries (none yet on a first review).
      count('our check runs on the head (the review and the approvals run, one listing)')();
      const runs = [
        { id: 1, name: 'gitops-guard', summary: written.review },
        { id: 2, name: 'gitops-guard / approvals', summary: written.approvals },
      ]
        .filter((r) => r.summary !== undefined)
        .map((r) => ({
          ...r,
          status: 'completed',
          conclusion: 'success',
          app: { id: 1 },
          output: { summary: r.summary, annotations_count: 0 },
        }));
      return { total_count: runs.length, check_runs: runs };
    });
  api
    .post(`/repos/${OWNER}/${REPO}/check-runs`)
    .times(100)
    .reply(201, (_uri, body) =>
      body.name === 'gitops-guard / approvals'
        ? (count('approvals: create the approvals run')(),
          (written.approvals = body.output?.summary),
          { id: 2 })
        : (count('create check run')(), { id: 1 }),
    );
  api
    .get(/\/contents\/\.github(%2F|\/)gitops-guard\.yml/)
    .reply(200, () => (count('config')(), 'severityThreshold: high\n'), {
      'content-type': 'text/plain; charset=utf-8',
    });
  // Up to 300 changed files: one compare call lists them with the first 100 commits.
  const commits = ['1', '2', '3'].map((c) => ({
    sha: c.repeat(40),
    author: { login: 'dev', type: 'User' },
    committer: { login: 'web-flow', type: 'User' },
    commit: { message: 'change', verification: { verified: true, reason: 'valid', signature: null } },
  }));
  api
    .get(`/repos/${OWNER}/${REPO}/compare/${BASE}...${HEAD}`)
    .query(true)
    .times(100)
    .reply(200, (uri) => {
      const page = Number(new URL(uri, 'https://x').searchParams.get('page'));
      count(
        page === 1
          ? 'changed files + first 100 commits (compare)'
          : 'repo: further commits (compare, pages of 100)',
      )();
      return {
        status: 'ahead',
        total_commits: commits.length,
        commits: commits.slice((page - 1) * 100, page * 100),
        ...(page === 1 ? { files } : {}),
      };
    });
  // Past 300 files only (not reached here): pulls/{n}/files, 100 per page.
  api
    .get(`/repos/${OWNER}/${REPO}/pulls/${NUMBER}/files`)
    .query(true)
    .times(100)
    .reply(200, (uri) => {
      count('changed files (pulls/{n}/files, pages of 100)')();
      const page = Number(new URL(uri, 'https://x').searchParams.get('page'));
      return files.slice((page - 1) * 100, page * 100);
    });
  api
    .post('/graphql')
    .times(100)
    .reply(200, (_uri, raw) => {
      const { query, variables } = typeof raw === 'string' ? JSON.parse(raw) : raw;
      if (/GitopsGuard(Approvals|ApprovalTeams)/.test(query)) {
        count('approvals: reviews + commits + team members (GraphQL)')();
        return approvalsAnswer(variables);
      }
      count(
        'GraphQL (blobs + review threads + CODEOWNERS + base policy files + base branch rules + approvals: reviews, commits, team members)',
      )();
      // The approvals' facts ride in the blob queries: the pull request's part, and top-level team fields.
      const approvals = approvalsAnswer(variables).data;
      const repository = {};
      for (const [name, value] of Object.entries(variables)) {
        if (!/^e\d+$/.test(name)) continue;
        const text = blobs.get(value);
        repository[`b${name.slice(1)}`] =
          text === undefined ? null : { text, isBinary: false, byteSize: text.length, isTruncated: false };
      }
      if ('number' in variables)
        repository.pr = {
          ...(/reviews\(last:/.test(query) ? approvals.repository.pullRequest : {}),
          ...(/reviewThreads/.test(query)
            ? { reviewThreads: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] } }
            : {}),
        };
      // The base branch's ruleset rules (GraphQL Ref.rules) ride in the first query: no ruleset here.
      if ('baseRef' in variables)
        repository.baseRef = { rules: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] } };
      delete approvals.repository;
      return { data: { repository, ...approvals } };
    });
  // Repository checks and the base branch's policies (a fixed number of calls).
  api
    .get(`/repos/${OWNER}/${REPO}/git/trees/${BASE}`)
    .query(true)
    .reply(
      200,
      () => (
        count('repo: base tree (policies)')(),
        {
          sha: BASE,
          truncated: false,
          tree: tree.map(({ path, text }) => ({
            path,
            type: 'blob',
            mode: '100644',
            sha: 'e'.repeat(40),
            size: text.length,
          })),
        }
      ),
    );
  // Asked only when the pull request changes CODEOWNERS (not here).
  api
    .get(`/repos/${OWNER}/${REPO}/codeowners/errors`)
    .query(true)
    .reply(200, () => (count('repo: CODEOWNERS errors')(), { errors: [] }));
  api.get(`/repos/${OWNER}/${REPO}/branches/main/protection`).reply(
    200,
    () => (
      count('repo: classic branch protection')(),
      {
        required_pull_request_reviews: {
          required_approving_review_count: 2,
          require_code_owner_reviews: true,
          dismiss_stale_reviews: true,
        },
        required_signatures: { enabled: true },
        enforce_admins: { enabled: true },
        required_status_checks: {
          contexts: ['gitops-guard'],
          checks: [{ context: 'gitops-guard', app_id: 1 }],
        },
        allow_force_pushes: { enabled: false },
        allow_deletions: { enabled: false },
      }
    ),
  );
  // Asked only for a branch GraphQL has no ref for (not here): the rules come with the blobs.
  api
    .get(`/repos/${OWNER}/${REPO}/rules/branches/main`)
    .query(true)
    .reply(200, () => (count('repo: branch rules (REST fallback)')(), []));
  api
    .post(`/repos/${OWNER}/${REPO}/pulls/${NUMBER}/reviews`)
    .reply(200, () => (count('review')(), { id: 1 }));
  api
    .patch(`/repos/${OWNER}/${REPO}/check-runs/1`)
    .times(100)
    .reply(200, (_uri, body) => {
      count('complete check run (+ annotation batches)')();
      if (body.status === 'completed') written.review = body.output?.summary;
      // Findings on rendered resources name their overlay: proof the targets were rendered.
      for (const a of body.output?.annotations ?? [])
        if (/\(in overlays\/o-\d+ \(top overlay\)/.test(a.message))
          counts.rendered = (counts.rendered ?? 0) + 1;
      return { id: 1 };
    });
  api
    .patch(`/repos/${OWNER}/${REPO}/check-runs/2`)
    .times(100)
    .reply(
      200,
      (_uri, body) => (
        count('approvals: update the approvals run')(),
        (written.approvals = body.output?.summary),
        { id: 2 }
      ),
    );
}

/** The real app (dist/) in Probot, without retries or throttling (the mock answers at once). */
function benchProbot() {
  const probot = new Probot({
    appId: 1,
    privateKey,
    logLevel: 'fatal',
    Octokit: ProbotOctokit.defaults((o) => ({
      ...o,
      retry: { enabled: false },
      throttle: { ...o?.throttle, enabled: false },
    })),
  });
  probot.load(createApp({ appId: 1 }));
  return probot;
}

async function run(fileCount) {
  nock.cleanAll();
  // A first review of the head: none of our runs exist yet.
  written.review = undefined;
  written.approvals = undefined;
  const counts = {};
  const pr = simulatedPullRequest(fileCount);
  mockGitHub(pr, counts);
  const probot = benchProbot();
  const payload = {
    // changed_files is in every pull_request payload; it lets the listing stop without an empty last page.
    action: 'synchronize',
    number: NUMBER,
    installation: { id: 1 },
    repository: { name: REPO, full_name: `${OWNER}/${REPO}`, owner: { login: OWNER } },
    pull_request: {
      number: NUMBER,
      state: 'open',
      draft: false,
      changed_files: fileCount,
      head: { sha: HEAD, ref: 'change' },
      base: { sha: BASE, ref: 'main' },
    },
  };
  const started = Date.now();
  await probot.receive({ id: `bench-${fileCount}`, name: 'pull_request', payload });
  const rendered = counts.rendered ?? 0;
  delete counts.rendered;
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const repo = Object.entries(counts)
    .filter(([label]) => label.startsWith('repo:'))
    .reduce((a, [, n]) => a + n, 0);
  return {
    total,
    repo,
    counts,
    ms: Date.now() - started,
    rendered,
    manifests: pr.files.filter((f) => f.filename.endsWith('.yaml')).length,
  };
}

/** A pull_request_review event on the head the last run reviewed: the approvals judged again from the plan. */
async function reviewEvent() {
  nock.cleanAll();
  const counts = {};
  mockGitHub(simulatedPullRequest(1), counts);
  const probot = benchProbot();
  const payload = {
    action: 'submitted',
    installation: { id: 1 },
    repository: { name: REPO, full_name: `${OWNER}/${REPO}`, owner: { login: OWNER } },
    review: { id: 9, state: 'approved', user: { login: 'alice', type: 'User' }, commit_id: HEAD },
    pull_request: {
      number: NUMBER,
      state: 'open',
      draft: false,
      user: { login: 'dev' },
      head: { sha: HEAD, ref: 'change' },
      base: { sha: BASE, ref: 'main' },
    },
  };
  await probot.receive({ id: 'bench-review', name: 'pull_request_review', payload });
  return {
    total: Object.entries(counts)
      .filter(([label]) => label !== 'rendered')
      .reduce((a, [, n]) => a + n, 0),
    counts,
    approved: /^<!-- gitops-guard:approvals-state=/.test(written.approvals ?? ''),
  };
}

nock.disableNetConnect();
const results = [];
for (const files of [1, 30, 300]) {
  const result = await run(files);
  results.push([files, result]);
  console.log(
    `${files} changed file(s), ${result.manifests} manifest(s): ${result.total} API calls (${result.total - result.repo} review + ${result.repo} repository checks and base tree) in ${result.ms} ms; ${result.rendered} annotations on rendered overlays`,
  );
  for (const [label, n] of Object.entries(result.counts)) console.log(`  ${String(n).padStart(3)}  ${label}`);
}
const event = await reviewEvent();
console.log(
  `a pull_request_review event (approvals judged again from the review's plan): ${event.total} API calls${event.approved ? '' : ' (the approvals run was not written!)'}`,
);
for (const [label, n] of Object.entries(event.counts)) console.log(`  ${String(n).padStart(3)}  ${label}`);
const [, last] = results.at(-1);
console.log(`API calls for a review event: ${event.total} (budget 5)`);
console.log(`API calls for a 300-file pull request: ${last.total}`);
