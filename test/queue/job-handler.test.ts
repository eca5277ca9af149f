import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import type { Probot } from 'probot';
import type { JobQueue } from '../../src/queue/index.js';
import { createSqliteQueue } from '../../src/queue/sqlite-queue.js';
import { examplePayload, GitHubMock, testProbot } from '../helpers/github-app-harness.js';
import { manifestFile } from '../app/fixtures.js';

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
    await until(async () => (await queue.counts()).delayed === 1);
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
});
