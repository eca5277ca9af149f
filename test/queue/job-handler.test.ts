import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import type { Probot } from 'probot';
import type { JobQueue } from '../../src/queue/index.js';
import { createSqliteQueue } from '../../src/queue/sqlite-queue.js';
import { examplePayload, GitHubMock, testProbot } from '../helpers/github-app-harness.js';
import { manifestFile } from '../app/fixtures.js';
import { MAX_VERIFICATIONS, verifyReview } from '../../src/app/verify.js';
import type { GitHubPort } from '../../src/github/port.js';
import type { JobData } from '../../src/queue/index.js';
import { RunLater } from '../../src/queue/index.js';
import { TestOctokit } from '../helpers/test-octokit.js';
import { approvalsJob, createJobHandler, pullFromPayload } from '../../src/app/jobs.js';

/**
 * The worker's side in one process: the real app on an in-memory SQLite queue, GitHub mocked
 * with nock (bodies checked against GitHub's OpenAPI description).
 */

const OWNER = 'Codertocat';
const REPO = 'Hello-World';

function pullPayload(action: string, head: string) {
  const payload = examplePayload<any>('pull_request', action, action === 'opened' ? 1 : 0);
  payload.pull_request.head.sha = head;
  return payload;
}

const nockDone = () => nock.pendingMocks().length === 0;

const until = async (cond: () => boolean | Promise<boolean>, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

let mock: GitHubMock;
let queue: JobQueue;
let probots: Probot[];

beforeEach(() => {
  nock.disableNetConnect();
  mock = new GitHubMock(OWNER, REPO);
  mock.scope
    .post(/\/app\/installations\/\d+\/access_tokens/)
    .reply(201, {
      token: 'ghs_test',
      expires_at: '2099-01-01T00:00:00Z',
      permissions: {},
      repository_selection: 'all',
    })
    .persist();
  queue = createSqliteQueue({ path: ':memory:', pollMs: 10 });
  probots = [];
});

afterEach(async () => {
  await queue.close();
  nock.cleanAll();
  nock.enableNetConnect();
  expect(mock.errors).toEqual([]);
});

const app = (role: 'web' | 'worker' | 'all', extra: Record<string, unknown> = {}) => {
  const probot = testProbot({
    queue,
    role,
    concurrency: 1,
    staleReviewSeconds: 3600,
    redeliverySeconds: 0,
    ...extra,
  });
  probots.push(probot);
  return probot;
};

describe('jobs on the queue', () => {
  it('the webhook handler only enqueues: no GitHub call, and a redelivery adds nothing', async () => {
    const web = app('web');
    const head = 'a'.repeat(40);
    await web.receive({ id: 'd-1', name: 'pull_request', payload: pullPayload('synchronize', head) });
    await web.receive({ id: 'd-1', name: 'pull_request', payload: pullPayload('synchronize', head) });
    await web.receive({ id: 'd-2', name: 'pull_request', payload: pullPayload('synchronize', head) });
    expect(await queue.counts()).toEqual({ waiting: 1, active: 0, delayed: 0 });
    expect(mock.requests).toEqual([]);
  });

  it('a queued older head is superseded: its check run completes neutral naming the newer commit', async () => {
    const web = app('web');
    const older = '1'.repeat(40);
    const newer = '2'.repeat(40);
    const first = pullPayload('synchronize', older);
    first.pull_request.updated_at = '2026-01-01T00:00:00Z';
    const second = pullPayload('synchronize', newer);
    second.pull_request.updated_at = '2026-01-01T00:05:00Z';
    await web.receive({ id: 'd-old', name: 'pull_request', payload: first });
    await web.receive({ id: 'd-new', name: 'pull_request', payload: second });
    mock.findCheckRuns(older).createCheckRun(8); // (nock may hand either POST either id)
    // The newer head's review: nothing but a README changed.
    mock
      .findCheckRuns(newer)
      .createCheckRun(8)
      .config(undefined)
      .files(first.number, [manifestFile('README.md', '@@ -1 +1 @@\n-a\n+b')])
      .graphql({})
      .updateCheckRun(8);
    mock.repoChecks({ base: first.pull_request.base.sha, head: newer, branch: first.pull_request.base.ref });
    app('worker');
    await until(() => mock.bodies('patch', '/check-runs/8').length > 0);
    const superseded = mock.bodies('post', '/check-runs').find((b: any) => b.head_sha === older);
    expect(superseded).toMatchObject({
      head_sha: older,
      status: 'completed',
      conclusion: 'neutral',
      output: { title: 'Superseded by 2222222' },
    });
    expect(superseded.output.summary).toContain(newer);
  });

  it('a primary rate limit puts the job back until the reset; the check run says when it resumes', async () => {
    const web = app('web');
    const head = 'c'.repeat(40);
    const payload = pullPayload('synchronize', head);
    await web.receive({ id: 'd-rl', name: 'pull_request', payload });
    const reset = Math.ceil(Date.now() / 1000) + 3600;
    mock
      .findCheckRuns(head)
      .createCheckRun(9)
      .config(undefined)
      .compare(403, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) });
    mock.scope
      .get(`/repos/${OWNER}/${REPO}/pulls/${payload.number}/files`)
      .query(true)
      .reply(
        403,
        { message: 'API rate limit exceeded' },
        { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
      )
      .persist();
    mock.updateCheckRun(9);
    app('worker');
    // Delayed: the review until the reset, and the check of its check run on GitHub (src/app/verify.ts).
    await until(async () => (await queue.counts()).delayed === 2);
    const [note] = mock.bodies('patch', '/check-runs/9');
    const resumes = new Date((reset + 1) * 1000)
      .toISOString()
      .replace(/\.\d+Z$/, ' UTC')
      .replace('T', ' ');
    expect(note).toMatchObject({ status: 'in_progress', output: { title: 'Review delayed' } });
    expect(note.output.summary).toContain(`resumes at ${resumes}`);
  });

  it('a malformed answer (an HTML page for JSON) names the endpoint in the completed check run', async () => {
    const web = app('web');
    const head = 'd'.repeat(40);
    const payload = pullPayload('synchronize', head);
    await web.receive({ id: 'd-html', name: 'pull_request', payload });
    mock.findCheckRuns(head).createCheckRun(10).config(undefined);
    mock.scope
      .get(/\/compare\//)
      .query(true)
      .reply(200, '<html><body>502 Bad Gateway</body></html>', { 'content-type': 'text/html' });
    mock.scope
      .get(/\/pulls\/\d+\/files/)
      .query(true)
      .reply(200, '{"truncated": ', { 'content-type': 'application/json' });
    mock.updateCheckRun(10);
    app('worker', { retry: { maxAttempts: 1, baseBackoffMs: 10, maxBackoffMs: 10 } });
    await until(() => mock.bodies('patch', '/check-runs/10').length > 0);
    const [done] = mock.bodies('patch', '/check-runs/10');
    expect(done).toMatchObject({ status: 'completed', conclusion: 'failure' });
    expect(done.output.summary).toMatch(
      /GitHub's answer to GET \/repos\/Codertocat\/Hello-World\/(compare|pulls)\/\S+ was not the JSON this endpoint promises/,
    );
    expect(done.output.summary).not.toMatch(/Cannot read properties/);
  });

  describe('the check of GitHub a started review leaves for later (src/app/verify.ts)', () => {
    const verifyJob = (head: string, over: Partial<JobData> = {}): JobData => {
      const payload = pullPayload('synchronize', head);
      return {
        kind: 'verify',
        installationId: payload.installation.id,
        repository: `${OWNER}/${REPO}`,
        pull: payload.number,
        sha: head,
        event: { id: `v-${head.slice(0, 4)}`, name: 'pull_request', payload },
        ...over,
      };
    };

    it('a review that starts queues a check of its check run for STALE_REVIEW_SECONDS later', async () => {
      const head = '5'.repeat(40);
      const payload = pullPayload('synchronize', head);
      await app('web').receive({ id: 'd-v1', name: 'pull_request', payload });
      mock
        .findCheckRuns(head)
        .createCheckRun(21)
        .config(undefined)
        .files(payload.number, [manifestFile('README.md', '@@ -1 +1 @@\n-a\n+b')])
        .graphql({})
        .updateCheckRun(21);
      mock.repoChecks({ base: payload.pull_request.base.sha, head, branch: payload.pull_request.base.ref });
      app('worker');
      await until(() => mock.bodies('patch', '/check-runs/21').length > 0);
      await until(async () => (await queue.counts()).active === 0);
      expect(await queue.counts()).toEqual({ waiting: 0, active: 0, delayed: 1 });
    });

    it('a check run still in progress on GitHub, which the queue has no record of, has its review queued again and completed', async () => {
      const head = '6'.repeat(40);
      const job = verifyJob(head);
      const payload = job.event.payload as any;
      await queue.enqueue(job);
      // The verify job's call, then the review's own look-up: the same run, in progress.
      mock.findCheckRuns(head, [{ id: 22, status: 'in_progress' }]);
      mock
        .findCheckRuns(head, [{ id: 22, status: 'in_progress' }])
        .config(undefined)
        .files(payload.number, [manifestFile('README.md', '@@ -1 +1 @@\n-a\n+b')])
        .graphql({})
        .updateCheckRun(22, 2);
      mock.repoChecks({ base: payload.pull_request.base.sha, head, branch: payload.pull_request.base.ref });
      app('worker');
      await until(() => mock.bodies('patch', '/check-runs/22').some((b: any) => b.status === 'completed'));
      // The review queued again carries the count, and leaves its own check for later.
      await until(async () => (await queue.counts()).delayed === 1);
    });

    it('a completed check run, or a head checked MAX_VERIFICATIONS times: nothing is queued', async () => {
      const done = '7'.repeat(40);
      mock.findCheckRuns(done, [{ id: 23, status: 'completed' }]);
      await queue.enqueue(verifyJob(done));
      const stuck = '8'.repeat(40);
      mock.findCheckRuns(stuck, [{ id: 24, status: 'in_progress' }]);
      await queue.enqueue(verifyJob(stuck, { pull: 99, verifications: MAX_VERIFICATIONS }));
      app('worker');
      await until(() => mock.requests.length === 0 && nockDone());
      await until(async () => (await queue.counts()).waiting + (await queue.counts()).active === 0);
      expect(await queue.counts()).toEqual({ waiting: 0, active: 0, delayed: 0 });
    });

    it('a pull request that moved on to a newer head: GitHub is not asked', async () => {
      const older = '9'.repeat(40);
      const job = verifyJob(older, { updatedAt: 1000 });
      await queue.enqueue({ ...job, kind: 'review', sha: 'a'.repeat(40), updatedAt: 2000 });
      const port = {
        findCheckRun: () => Promise.reject(new Error('GitHub was asked')),
      } as unknown as GitHubPort;
      expect(await verifyReview(job, queue, port, { info: () => undefined, error: () => undefined })).toBe(
        'moved-on',
      );
    });
  });
});

describe('a review event while the head is being reviewed in another worker', () => {
  it('runs again later (that review read the reviews before this one), and gives up after the attempts', async () => {
    const head = 'e'.repeat(40);
    const payload = examplePayload<any>('pull_request_review', 'submitted', 1);
    payload.installation = { id: 1 };
    payload.pull_request.head.sha = head;
    const data = approvalsJob(
      { id: 'd-review', name: 'pull_request_review', payload },
      pullFromPayload(payload.pull_request),
    );
    const results: string[] = [];
    const log = { info: () => {}, warn: () => {}, error: () => {}, child: () => log };
    const handler = createJobHandler({
      app: { log, auth: async () => new TestOctokit({ auth: 'test' }) } as unknown as Probot,
      queue,
      retry: { maxAttempts: 3, baseBackoffMs: 1_000, maxBackoffMs: 10_000 },
      runners: {
        review: async () => undefined,
        rerun: async () => undefined,
        push: async () => undefined,
        port: () => ({}) as GitHubPort,
        approvals: async () => (results.push('approvals'), 'review-in-progress'),
      },
    });
    const started = Date.now();
    const later = await handler({ id: 'j-1', data }).catch((e: unknown) => e);
    expect(later).toBeInstanceOf(RunLater);
    expect((later as RunLater).update).toEqual({ attempts: 1 });
    expect((later as RunLater).at).toBeGreaterThanOrEqual(started + 1_000);
    const again = await handler({ id: 'j-1', data: { ...data, attempts: 1 } }).catch((e: unknown) => e);
    expect((again as RunLater).update).toEqual({ attempts: 2 });
    // The last attempt ends the job: the review, once done, or the sweeper's re-run of it judges the approvals.
    await expect(handler({ id: 'j-1', data: { ...data, attempts: 2 } })).resolves.toBeUndefined();
    expect(results).toHaveLength(3);
  });
});
