import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { examplePayload, GitHubMock, testProbot } from '../helpers/github-app-harness.js';
import {
  BASE_DEPLOYMENT,
  FIX_PATCH,
  manifestFile,
  PRIVILEGED_DEPLOYMENT,
  PRIVILEGED_PATCH,
} from './fixtures.js';

const OWNER = 'Codertocat';
const REPO = 'Hello-World';
const INSTALLATION = 1;

function pullPayload(action = 'synchronize', patch: (pr: any) => void = () => {}) {
  // The first `opened` example has no installation (a repository webhook); take the App one.
  const payload = examplePayload<any>('pull_request', action, action === 'opened' ? 1 : 0);
  patch(payload);
  return payload;
}

const payload0 = pullPayload();
const NUMBER: number = payload0.number;
const HEAD: string = payload0.pull_request.head.sha;
const BASE: string = payload0.pull_request.base.sha;
const FILE = 'clusters/prod/web.yaml';
const BRANCH: string = payload0.pull_request.base.ref;
/** Healthy repository checks (signed commit, CODEOWNERS, full protection): the manifest review decides. */
const RC = { base: BASE, head: HEAD, branch: BRANCH };

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

async function receive(payload: any, name = 'pull_request') {
  await testProbot().receive({ id: 'delivery-1', name: name as 'pull_request', payload });
}

/** The calls of a first review of PRIVILEGED_PATCH up to the blobs. */
function privilegedChange(config?: string, threads: Parameters<GitHubMock['graphql']>[1] = []) {
  return mock
    .token(INSTALLATION)
    .findCheckRuns(HEAD)
    .createCheckRun(42)
    .config(config)
    .files(NUMBER, [manifestFile(FILE, PRIVILEGED_PATCH), manifestFile('README.md', '@@ -1 +1 @@\n-a\n+b')])
    .tree(BASE)
    .graphql({ [`${HEAD}:${FILE}`]: { text: PRIVILEGED_DEPLOYMENT } }, threads)
    .repoChecks(RC);
}

describe('pull_request events', () => {
  it('creates the check run in progress, comments the introduced finding with a suggestion, and fails the check', async () => {
    privilegedChange().review(NUMBER).updateCheckRun(42);
    await receive(pullPayload());

    const [created] = mock.bodies('post', '/check-runs');
    expect(created).toMatchObject({ name: 'gitops-guard', head_sha: HEAD, status: 'in_progress' });
    const [done] = mock.bodies('patch', '/check-runs/42');
    expect(done).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(done.output.summary).toContain('pss-privileged');
    expect(
      done.output.annotations.some(
        (a: any) => a.path === FILE && a.start_line === 13 && a.annotation_level === 'failure',
      ),
    ).toBe(true);

    const [review] = mock.bodies('post', '/reviews');
    expect(review).toMatchObject({ commit_id: HEAD, event: 'COMMENT' });
    const comment = review.comments.find((c: any) => c.body.includes('**pss-privileged**'));
    expect(comment).toMatchObject({ path: FILE, line: 13, side: 'RIGHT' });
    expect(comment.body).toContain('```suggestion\n            privileged: false\n```');
    expect(comment.body).toMatch(/<!-- gitops-guard:fingerprint=[0-9a-f]+ -->/);
    expect(comment.body).toContain('**Remediation:**');
    // Only lines inside the hunk (8..13 on the right side) are commented.
    for (const c of review.comments) expect(c.line).toBeGreaterThanOrEqual(8);
    for (const c of review.comments) expect(c.line).toBeLessThanOrEqual(13);
  });

  it('concludes success with a one-line summary when no manifest changed', async () => {
    mock
      .token(INSTALLATION)
      .findCheckRuns(HEAD)
      .createCheckRun(42)
      .config(undefined)
      .files(NUMBER, [manifestFile('README.md', '@@ -1 +1 @@\n-a\n+b')])
      .graphql({})
      .repoChecks(RC)
      .updateCheckRun(42);
    await receive(pullPayload('opened'));
    const [done] = mock.bodies('patch', '/check-runs/42');
    expect(done).toMatchObject({ conclusion: 'success', output: { title: 'No manifest changes' } });
    // After the hidden approval plan (docs/approvals.md), always the first line.
    expect(done.output.summary).toMatch(
      /^<!-- gitops-guard:approvals-plan=[A-Za-z0-9+/=]+ -->\nNo Kubernetes, Argo CD or Flux manifest changed in this pull request \(1 file checked\)\.\n\n## Repository checks\n/,
    );
    expect(done.output.summary).not.toMatch(/❌/);
  });

  it('ignores a pull request that edits the configuration and the policies: both come from the default branch and the app', async () => {
    // The head turns every rule off and edits a policy pack; the default branch has no configuration.
    const evilConfig =
      'rules:\n  pss-privileged: "off"\nseverityThreshold: critical\nreview:\n  advisory: true\n';
    mock
      .token(INSTALLATION)
      .findCheckRuns(HEAD)
      .createCheckRun(42)
      .config(undefined)
      .files(NUMBER, [
        manifestFile(FILE, PRIVILEGED_PATCH),
        manifestFile(
          '.github/gitops-guard.yml',
          `@@ -0,0 +1,5 @@\n${evilConfig
            .trimEnd()
            .split('\n')
            .map((l) => `+${l}`)
            .join('\n')}`,
          'added',
        ),
        manifestFile('policies/recommended.yml', '@@ -1 +1 @@\n-name: recommended\n+name: nothing'),
      ])
      .graphql({
        [`${HEAD}:${FILE}`]: { text: PRIVILEGED_DEPLOYMENT },
        [`${HEAD}:.github/gitops-guard.yml`]: { text: evilConfig },
        [`${HEAD}:policies/recommended.yml`]: { text: 'name: nothing\n' },
      })
      .tree(BASE)
      .repoChecks(RC)
      .review(NUMBER)
      .updateCheckRun(42);
    await receive(pullPayload());
    const done = mock.bodies('patch', '/check-runs/42')[0];
    expect(done.conclusion).toBe('failure');
    expect(done.output.summary).toContain('pss-privileged');
    // The config was requested without `ref` (the default branch), never at the head SHA.
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('reports an invalid configuration with the exact key and reviews on safe defaults', async () => {
    privilegedChange('severityThreshold: extreme\nrules:\n  pss-privileged:\n    severty: low\n')
      .review(NUMBER)
      .updateCheckRun(42);
    await receive(pullPayload());
    const done = mock.bodies('patch', '/check-runs/42')[0];
    expect(done.output.title).toMatch(/^Invalid configuration · /);
    expect(done.output.summary).toContain('`severityThreshold`');
    expect(done.output.summary).toContain('`rules.pss-privileged.severty`');
    expect(done.conclusion).toBe('failure');
  });

  it('accepts the severity of a risky-change rule under rules (docs/diff.md)', async () => {
    privilegedChange('rules:\n  delta-networkpolicy-removed: high\n  delta-image-digest-dropped: "off"\n')
      .review(NUMBER)
      .updateCheckRun(42);
    await receive(pullPayload());
    const done = mock.bodies('patch', '/check-runs/42')[0];
    expect(done.output.title).not.toMatch(/Invalid configuration/);
    expect(done.output.summary).not.toContain('Invalid configuration');
    expect(done.output.summary).toContain('pss-privileged');
  });

  it('an invalid risky-change rule setting is a configuration error naming its key', async () => {
    privilegedChange('rules:\n  delta-networkpolicy-removed: hgih\n').review(NUMBER).updateCheckRun(42);
    await receive(pullPayload());
    const invalid = mock.bodies('patch', '/check-runs/42')[0];
    expect(invalid.output.title).toMatch(/^Invalid configuration · /);
    expect(invalid.output.summary).toContain('`rules.delta-networkpolicy-removed`');
  });

  it('applies the repository configuration (advisory: neutral; comments off)', async () => {
    privilegedChange('review:\n  advisory: true\n  comments: "off"\n').updateCheckRun(42);
    await receive(pullPayload());
    expect(mock.bodies('patch', '/check-runs/42')[0].conclusion).toBe('neutral');
    expect(mock.bodies('post', '/reviews')).toEqual([]);
  });

  it('uses the organisation .github repository when the repository has no configuration', async () => {
    mock
      .token(INSTALLATION)
      .findCheckRuns(HEAD)
      .createCheckRun(42)
      .config(undefined, 'rules:\n  pss-privileged: "off"\n')
      .files(NUMBER, [manifestFile(FILE, PRIVILEGED_PATCH)])
      .tree(BASE)
      .graphql({ [`${HEAD}:${FILE}`]: { text: PRIVILEGED_DEPLOYMENT } })
      .repoChecks(RC)
      .updateCheckRun(42);
    await receive(pullPayload());
    const done = mock.bodies('patch', '/check-runs/42')[0];
    expect(done.conclusion).toBe('success');
    expect(JSON.stringify(done.output.annotations ?? [])).not.toContain('pss-privileged');
  });

  it('on a draft: check run, no review comments', async () => {
    privilegedChange().updateCheckRun(42);
    await receive(pullPayload('opened', (p) => (p.pull_request.draft = true)));
    expect(mock.bodies('patch', '/check-runs/42')[0].conclusion).toBe('failure');
    expect(mock.bodies('post', '/reviews')).toEqual([]);
    // No review threads are read (the pull request's number is there for the approvals' reviews).
    expect(mock.requests.find((r) => r.path === '/graphql')!.body.query).not.toContain('reviewThreads');
  });

  it('comments on drafts when review.drafts is set', async () => {
    privilegedChange('review:\n  drafts: true\n').review(NUMBER).updateCheckRun(42);
    await receive(pullPayload('opened', (p) => (p.pull_request.draft = true)));
    expect(mock.bodies('post', '/reviews')).toHaveLength(1);
  });

  it('re-reviews on edited only when the base branch changed', async () => {
    await receive(
      pullPayload('opened', (p) => ((p.action = 'edited'), (p.changes = { title: { from: 'old' } }))),
    );
    expect(mock.requests).toEqual([]);
    privilegedChange().review(NUMBER).updateCheckRun(42);
    await receive(
      pullPayload(
        'opened',
        (p) => (
          (p.action = 'edited'),
          (p.changes = { base: { ref: { from: 'develop' }, sha: { from: BASE } } })
        ),
      ),
    );
    expect(mock.bodies('patch', '/check-runs/42')[0].conclusion).toBe('failure');
  });

  it('turns a binary or too-large manifest into a finding, not a crash', async () => {
    mock
      .token(INSTALLATION)
      .findCheckRuns(HEAD)
      .createCheckRun(42)
      .config(undefined)
      .files(NUMBER, [
        manifestFile('a.yaml', '@@ -1 +1 @@\n-a\n+b'),
        { ...manifestFile('b.json', ''), patch: undefined },
      ])
      .tree(BASE)
      .graphql({
        [`${HEAD}:a.yaml`]: { binary: true },
        [`${HEAD}:b.json`]: { tooLarge: true, text: '{"a":1}' },
      })
      .repoChecks(RC)
      .updateCheckRun(42);
    await receive(pullPayload());
    const done = mock.bodies('patch', '/check-runs/42')[0];
    const messages = done.output.annotations.map((a: any) => `${a.path}: ${a.message}`);
    expect(messages).toContain('a.yaml: File is binary; it was not scanned.');
    expect(messages.join()).toMatch(/b\.json: File is 50000000 bytes, too large/);
  });
});

describe('re-runs and redeliveries', () => {
  it('updates the same check run and never repeats a comment it already made', async () => {
    // First run: learn the fingerprint of the comment.
    privilegedChange().review(NUMBER).updateCheckRun(42);
    await receive(pullPayload());
    const firstReview = mock.bodies('post', '/reviews')[0];
    const fingerprints = firstReview.comments.map((c: any) => /fingerprint=([0-9a-f]+)/.exec(c.body)![1]);
    nock.cleanAll();

    // Redelivery of the same event: the check run exists (with its annotations), every fingerprint is commented.
    mock = new GitHubMock(OWNER, REPO);
    mock
      .token(INSTALLATION)
      .findCheckRuns(HEAD, [{ id: 42, annotations_count: 5 }])
      .updateCheckRun(42, 2)
      .config(undefined)
      .files(NUMBER, [manifestFile(FILE, PRIVILEGED_PATCH)])
      .tree(BASE)
      .graphql(
        { [`${HEAD}:${FILE}`]: { text: PRIVILEGED_DEPLOYMENT } },
        fingerprints.map((fingerprint: string, i: number) => ({ id: `T${i}`, fingerprint })),
      )
      .repoChecks(RC);
    await receive(pullPayload());
    const [restart, done] = mock.bodies('patch', '/check-runs/42');
    expect(restart).toMatchObject({ status: 'in_progress' });
    expect(done.conclusion).toBe('failure');
    expect(done.output.annotations).toBeUndefined();
    expect(done.output.summary).toContain('annotations can only be appended');
    expect(mock.bodies('post', '/check-runs')).toEqual([]);
    expect(mock.bodies('post', '/reviews')).toEqual([]);
  });

  it('resolves our threads whose finding was fixed', async () => {
    mock
      .token(INSTALLATION)
      .findCheckRuns(HEAD)
      .createCheckRun(42)
      .config(undefined)
      .files(NUMBER, [manifestFile(FILE, FIX_PATCH)])
      .graphql({ [`${HEAD}:${FILE}`]: { text: BASE_DEPLOYMENT } }, [
        { id: 'T-fixed', fingerprint: 'aaaaaaaaaaaa' },
        { id: 'T-done', fingerprint: 'bbbbbbbbbbbb', isResolved: true },
        { id: 'T-other', fingerprint: 'cccccccccccc', viewerDidAuthor: false },
      ])
      .tree(BASE)
      .repoChecks(RC)
      .resolveThreads()
      .updateCheckRun(42);
    await receive(pullPayload());
    const mutation = mock.requests.filter((r) => r.path === '/graphql')[1]!.body;
    expect(mutation.variables).toEqual({ t0: 'T-fixed' });
    const done = mock.bodies('patch', '/check-runs/42')[0];
    expect(done.conclusion).toBe('success');
    expect(done.output.title).toMatch(/0 introduced · \d+ fixed/);
  });

  it('check_run.rerequested re-runs the review of the pull request on that SHA', async () => {
    const payload = examplePayload<any>('check_run', 'rerequested');
    payload.check_run.name = 'gitops-guard';
    payload.repository.owner.login = OWNER;
    payload.repository.name = REPO;
    payload.repository.full_name = `${OWNER}/${REPO}`;
    payload.check_run.head_sha = HEAD;
    mock.token(payload.installation.id);
    mock.scope.get(`/repos/${OWNER}/${REPO}/commits/${HEAD}/pulls`).reply(200, [
      {
        number: NUMBER,
        state: 'open',
        draft: false,
        head: { sha: HEAD },
        base: { sha: BASE, ref: 'master' },
      },
    ]);
    mock
      .findCheckRuns(HEAD, [{ id: 42 }])
      .updateCheckRun(42, 2)
      .config(undefined)
      .files(NUMBER, [manifestFile(FILE, PRIVILEGED_PATCH)])
      .tree(BASE)
      .graphql({ [`${HEAD}:${FILE}`]: { text: PRIVILEGED_DEPLOYMENT } })
      .repoChecks({ ...RC, branch: 'master' })
      .review(NUMBER);
    await receive(payload, 'check_run');
    expect(mock.bodies('patch', '/check-runs/42')[1].conclusion).toBe('failure');
  });

  it('check_suite.rerequested re-runs the review of the suite pull requests', async () => {
    const payload = examplePayload<any>('check_suite', 'rerequested');
    mock.token(payload.installation.id);
    mock.scope.get(`/repos/${OWNER}/${REPO}/pulls/${NUMBER}`).reply(200, {
      number: NUMBER,
      state: 'open',
      draft: false,
      head: { sha: HEAD },
      base: { sha: BASE, ref: 'master' },
    });
    mock
      .findCheckRuns(HEAD, [{ id: 42 }])
      .updateCheckRun(42, 2)
      .config(undefined)
      .files(NUMBER, [manifestFile('README.md', '@@ -1 +1 @@\n-a\n+b')])
      .graphql({})
      .repoChecks({ ...RC, branch: 'master' });
    await receive(payload, 'check_suite');
    expect(mock.bodies('patch', '/check-runs/42')[1].conclusion).toBe('success');
  });

  it('ignores re-runs of other check runs', async () => {
    const payload = examplePayload<any>('check_run', 'rerequested');
    await receive(payload, 'check_run');
    expect(mock.requests).toEqual([]);
  });
});

describe('GitHub errors always end in a completed check run with a clear message', () => {
  function failingFiles(status: number) {
    mock
      .token(INSTALLATION)
      .findCheckRuns(HEAD)
      .createCheckRun(42)
      .config(undefined)
      .files(NUMBER, [], status)
      .updateCheckRun(42);
  }

  it.each([
    [502, /GitHub answered 502 \(server error.*\) to GET \/repos\/Codertocat\/Hello-World\/pulls\/2\/files/],
    [404, /GitHub answered 404 \(not found.*\) to GET \/repos\/Codertocat\/Hello-World\/pulls\/2\/files/],
  ])('%i on the changed files', async (status, message) => {
    failingFiles(status);
    await receive(pullPayload());
    const [done] = mock.bodies('patch', '/check-runs/42');
    expect(done).toMatchObject({
      status: 'completed',
      conclusion: 'failure',
      output: { title: 'gitops-guard could not complete the review' },
    });
    expect(done.output.summary).toMatch(message);
  });

  it('a 5xx on the configuration fails the run instead of silently using defaults', async () => {
    mock.token(INSTALLATION).findCheckRuns(HEAD).createCheckRun(42);
    mock.scope.get(/\/contents\/\.github(%2F|\/)gitops-guard\.yml/).reply(500, { message: 'Server Error' });
    mock.updateCheckRun(42);
    await receive(pullPayload());
    expect(mock.bodies('patch', '/check-runs/42')[0]).toMatchObject({ conclusion: 'failure' });
    expect(mock.bodies('patch', '/check-runs/42')[0].output.summary).toMatch(/GitHub answered 500/);
  });

  it('honours retry-after on a 429 and then succeeds', async () => {
    mock
      .token(INSTALLATION)
      .findCheckRuns(HEAD)
      .createCheckRun(42)
      .config(undefined)
      .compare(429, { 'retry-after': '2' });
    mock
      .files(NUMBER, [manifestFile('README.md', '@@ -1 +1 @@\n-a\n+b')])
      .graphql({})
      .repoChecks(RC)
      .updateCheckRun(42);
    const waits: number[] = [];
    await testProbot({ sleep: async (ms) => void waits.push(ms) }).receive({
      id: 'd',
      name: 'pull_request',
      payload: pullPayload(),
    });
    expect(waits).toEqual([2000]);
    expect(mock.bodies('patch', '/check-runs/42')[0].conclusion).toBe('success');
  });

  it('a 403 rate limit with a long retry-after ends the run with the wait in the message', async () => {
    // A rate limit is not worked around with the pulls/{n}/files fallback (it would be refused too).
    mock
      .token(INSTALLATION)
      .findCheckRuns(HEAD)
      .createCheckRun(42)
      .config(undefined)
      .compare(403, { 'retry-after': '3600' })
      .updateCheckRun(42);
    await receive(pullPayload());
    expect(mock.bodies('patch', '/check-runs/42')[0].output.summary).toMatch(
      /GitHub answered 403 \(rate limited; GitHub asked to retry after 3600 s\) to GET \/repos\/Codertocat\/Hello-World\/compare\//,
    );
  });

  it('a 422 on the review still completes the run with the findings and says why comments are missing', async () => {
    privilegedChange().review(NUMBER, 422).updateCheckRun(42);
    await receive(pullPayload());
    const done = mock.bodies('patch', '/check-runs/42')[0];
    expect(done.conclusion).toBe('failure');
    expect(done.output.summary).toMatch(/Review comments could not be posted: GitHub answered 422/);
  });

  it('a 5xx while listing check runs still creates one', async () => {
    mock
      .token(INSTALLATION)
      .findCheckRuns(HEAD, [], 503)
      .createCheckRun(42)
      .config(undefined)
      .files(NUMBER, [])
      .graphql({})
      .repoChecks(RC)
      .updateCheckRun(42);
    await receive(pullPayload());
    expect(mock.bodies('patch', '/check-runs/42')[0].conclusion).toBe('success');
  });
});

describe('changed files and commits: one compare call up to 300 files', () => {
  const readme = (i: number) => manifestFile(`docs/page-${i}.md`, '@@ -1 +1 @@\n-a\n+b');
  const calls = (part: string) => mock.requests.filter((r) => r.path.includes(part));

  it('reads the files and the first 100 commits from compare/{base}...{head} (three dots), never pulls/{n}/files', async () => {
    privilegedChange().review(NUMBER).updateCheckRun(42);
    await receive(pullPayload());
    const compare = calls('/compare/');
    expect(compare).toHaveLength(1);
    expect(compare[0]!.path).toBe(`/repos/${OWNER}/${REPO}/compare/${BASE}...${HEAD}?per_page=100&page=1`);
    expect(calls('/files')).toEqual([]);
    expect(mock.bodies('patch', '/check-runs/42')[0].conclusion).toBe('failure');
  });

  it('past 300 changed files, lists them from pulls/{n}/files and reads the commits from compare', async () => {
    const files = [manifestFile(FILE, PRIVILEGED_PATCH), ...Array.from({ length: 300 }, (_, i) => readme(i))];
    mock
      .token(INSTALLATION)
      .findCheckRuns(HEAD)
      .createCheckRun(42)
      .config('review:\n  comments: "off"\n')
      .files(NUMBER, files)
      .tree(BASE)
      .graphql({ [`${HEAD}:${FILE}`]: { text: PRIVILEGED_DEPLOYMENT } })
      .repoChecks(RC)
      .updateCheckRun(42);
    await receive(pullPayload('synchronize', (p) => (p.pull_request.changed_files = files.length)));
    const done = mock.bodies('patch', '/check-runs/42')[0];
    expect(done.conclusion).toBe('failure');
    expect(done.output.summary).toContain('pss-privileged');
    expect(done.output.summary).toMatch(/\| Commit signatures \| ✅ pass \|/);
    expect(done.output.summary).not.toContain('3,000');
    expect(calls(`/pulls/${NUMBER}/files`)).toHaveLength(4);
    expect(calls('/compare/')).toHaveLength(1);
  });

  it('past 3,000 changed files, says in the summary that the rest was not reviewed', async () => {
    const files = Array.from({ length: 3000 }, (_, i) => readme(i));
    mock
      .token(INSTALLATION)
      .findCheckRuns(HEAD)
      .createCheckRun(42)
      .config(undefined)
      .files(NUMBER, files)
      .graphql({})
      .repoChecks(RC)
      .updateCheckRun(42);
    await receive(pullPayload('synchronize', (p) => (p.pull_request.changed_files = 3200)));
    const done = mock.bodies('patch', '/check-runs/42')[0];
    expect(done.output.summary).toContain(
      'GitHub lists at most 3,000 changed files; this pull request has more, and files past the first 3000 were not reviewed.',
    );
    expect(calls(`/pulls/${NUMBER}/files`)).toHaveLength(30);
  });

  it('exactly 300 files of an unknown count (a re-run found by commit) may be a cut list: pulls/{n}/files is read too', async () => {
    const payload = examplePayload<any>('check_run', 'rerequested');
    payload.check_run.name = 'gitops-guard';
    payload.repository.owner.login = OWNER;
    payload.repository.name = REPO;
    payload.repository.full_name = `${OWNER}/${REPO}`;
    payload.check_run.head_sha = HEAD;
    const files = [manifestFile(FILE, PRIVILEGED_PATCH), ...Array.from({ length: 300 }, (_, i) => readme(i))];
    mock.token(payload.installation.id);
    // The commit's pull requests (list endpoint: no changed_files).
    mock.scope.get(`/repos/${OWNER}/${REPO}/commits/${HEAD}/pulls`).reply(200, [
      {
        number: NUMBER,
        state: 'open',
        draft: false,
        head: { sha: HEAD },
        base: { sha: BASE, ref: BRANCH },
      },
    ]);
    mock
      .findCheckRuns(HEAD, [{ id: 42 }])
      .updateCheckRun(42, 2)
      .config('review:\n  comments: "off"\n')
      .files(NUMBER, files.slice(0, 300))
      .pullFiles(NUMBER, files)
      .tree(BASE)
      .graphql({ [`${HEAD}:${FILE}`]: { text: PRIVILEGED_DEPLOYMENT } })
      .repoChecks(RC);
    await receive(payload, 'check_run');
    expect(calls('/compare/')).toHaveLength(1);
    expect(calls(`/pulls/${NUMBER}/files`)).toHaveLength(4);
    expect(mock.bodies('patch', '/check-runs/42')[1].conclusion).toBe('failure');
  });

  it('when compare fails (5xx), falls back to pulls/{n}/files and reads the commits from compare again', async () => {
    mock
      .token(INSTALLATION)
      .findCheckRuns(HEAD)
      .createCheckRun(42)
      .config(undefined)
      .compare(502)
      .pullFiles(NUMBER, [manifestFile(FILE, PRIVILEGED_PATCH)])
      .tree(BASE)
      .graphql({ [`${HEAD}:${FILE}`]: { text: PRIVILEGED_DEPLOYMENT } })
      .repoChecks(RC)
      .review(NUMBER)
      .updateCheckRun(42);
    await receive(pullPayload());
    const done = mock.bodies('patch', '/check-runs/42')[0];
    expect(done.conclusion).toBe('failure');
    expect(done.output.summary).toContain('pss-privileged');
    expect(done.output.summary).toMatch(/\| Commit signatures \| ✅ pass \|/);
    expect(calls('/compare/')).toHaveLength(2);
    expect(calls(`/pulls/${NUMBER}/files`)).toHaveLength(1);
  });
});

describe('limits', () => {
  it('sends every introduced finding as an annotation, 50 per request', async () => {
    const many = Array.from({ length: 6 }, (_, i) =>
      PRIVILEGED_DEPLOYMENT.replace('name: web', `name: web-${i}`),
    ).join('---\n');
    const patch = `@@ -0,0 +1,${many.split('\n').length - 1} @@\n${many
      .trimEnd()
      .split('\n')
      .map((l) => `+${l}`)
      .join('\n')}`;
    mock
      .token(INSTALLATION)
      .findCheckRuns(HEAD)
      .createCheckRun(42)
      .config('review:\n  comments: "off"\n')
      .files(NUMBER, [manifestFile('many.yaml', patch, 'added')])
      .tree(BASE)
      .graphql({ [`${HEAD}:many.yaml`]: { text: many } })
      .repoChecks(RC)
      .updateCheckRun(42, 2);
    await receive(pullPayload());
    const updates = mock.bodies('patch', '/check-runs/42');
    expect(updates).toHaveLength(2);
    expect(updates[0]).toMatchObject({ status: 'completed', conclusion: 'failure' });
    for (const u of updates) expect(u.output.annotations.length).toBeLessThanOrEqual(50);
    const annotations = updates.flatMap((u) => u.output.annotations);
    expect(annotations.length).toBeGreaterThan(50);
    expect(new Set(annotations.map((a: any) => `${a.start_line}:${a.title}`)).size).toBe(annotations.length);
  });
});
