import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { redeliverFailed, type AppOctokit, type HookDelivery } from '../../src/app/redelivery.js';
import type { JobQueue } from '../../src/queue/index.js';
import { createSqliteQueue } from '../../src/queue/sqlite-queue.js';
import { API, testProbot } from '../helpers/github-app-harness.js';
import { queryErrors } from '../helpers/github-openapi.js';

/**
 * Redelivery of failed webhook deliveries through GitHub's API, as the app (JWT): GitHub mocked
 * with nock, every query checked against GitHub's OpenAPI description, the claims in a real
 * (in-memory SQLite) queue store.
 */

const NOW = Date.parse('2026-11-29T09:00:00Z');
const minutesAgo = (m: number) => new Date(NOW - m * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');

function delivery(id: number, guid: string, status_code: number, minutes: number, redelivery = false) {
  return {
    id,
    guid,
    delivered_at: minutesAgo(minutes),
    redelivery,
    duration: 0.05,
    status: status_code === 0 ? 'timed out' : status_code < 300 ? 'OK' : 'Service Unavailable',
    status_code,
    event: 'pull_request',
    action: 'synchronize',
    installation_id: 1,
    repository_id: 42,
    throttled_at: null,
  } satisfies HookDelivery & Record<string, unknown>;
}

const log = { info: () => undefined, warn: (m: string) => warnings.push(m) };
let warnings: string[];
let errors: string[];
let redelivered: number[];
let queue: JobQueue;
let octokit: AppOctokit;

/** Answers GET /app/hook/deliveries with `pages` (cursor pagination through the link header, as GitHub does). */
function deliveries(pages: Array<ReturnType<typeof delivery>[]>) {
  const scope = nock(API);
  pages.forEach((page, i) => {
    scope
      .get('/app/hook/deliveries')
      .query((q) => {
        errors.push(...queryErrors('GET', '/app/hook/deliveries', q));
        return i === 0 ? q.cursor === undefined : q.cursor === `c${i}`;
      })
      .matchHeader('authorization', /^bearer [\w-]+\.[\w-]+\.[\w-]+$/i)
      .reply(
        200,
        page,
        i + 1 < pages.length
          ? { link: `<${API}/app/hook/deliveries?per_page=100&cursor=c${i + 1}>; rel="next"` }
          : {},
      );
  });
  return scope;
}

function attempts(status = 202) {
  return nock(API)
    .post(/^\/app\/hook\/deliveries\/\d+\/attempts$/, (body) => {
      // The operation takes no body (GitHub's OpenAPI has no requestBody for it).
      if (body && Object.keys(body).length) errors.push(`unexpected body ${JSON.stringify(body)}`);
      return true;
    })
    .matchHeader('authorization', /^bearer [\w-]+\.[\w-]+\.[\w-]+$/i)
    .reply(function (uri) {
      redelivered.push(Number(uri.split('/')[4]));
      return [status, status === 202 ? {} : { message: 'Validation Failed' }];
    })
    .persist();
}

beforeEach(async () => {
  nock.disableNetConnect();
  warnings = [];
  errors = [];
  redelivered = [];
  queue = createSqliteQueue({ path: ':memory:' });
  octokit = (await testProbot({ redeliverySeconds: 0 }).auth()) as unknown as AppOctokit;
});

afterEach(async () => {
  await queue.close();
  nock.cleanAll();
  nock.enableNetConnect();
  expect(errors).toEqual([]);
});

describe('redelivery of failed webhook deliveries', () => {
  const history = () => [
    [
      delivery(108, 'recovered', 200, 5, true), // a redelivery that got through
      delivery(107, 'five-times', 503, 6, true),
      delivery(106, 'five-times', 503, 7, true),
      delivery(105, 'five-times', 503, 8, true),
      delivery(104, 'five-times', 0, 9, true),
      delivery(103, 'ok', 200, 10),
      delivery(102, 'failed-once', 503, 11),
      delivery(101, 'recovered', 503, 12),
    ],
    [
      delivery(100, 'five-times', 503, 40),
      delivery(99, 'timed-out', 0, 50),
      delivery(98, 'too-old', 503, 4 * 60), // past the lookback: the listing stops here
      delivery(97, 'too-old-2', 503, 5 * 60),
    ],
  ];

  it('reads the pages back to the lookback and asks again, oldest first, for each event none of whose attempts succeeded', async () => {
    const list = deliveries(history());
    attempts();
    const report = await redeliverFailed(octokit, queue, log, undefined, NOW);
    expect(list.isDone()).toBe(true);
    expect(redelivered).toEqual([99, 102]);
    expect(report).toEqual({ examined: 10, redelivered: 2, left: 1 });
  });

  it('is idempotent: a second run (or a second replica) over the same history asks nothing; a new failed attempt is asked again', async () => {
    deliveries(history());
    attempts();
    await redeliverFailed(octokit, queue, log, undefined, NOW);
    redelivered = [];
    deliveries(history());
    deliveries(history());
    const twice = await Promise.all([
      redeliverFailed(octokit, queue, log, undefined, NOW),
      redeliverFailed(octokit, queue, log, undefined, NOW),
    ]);
    expect(redelivered).toEqual([]);
    expect(twice.map((r) => r.redelivered)).toEqual([0, 0]);
    // The redelivery of failed-once failed too (the web role still down): asked once more.
    const [first, second] = history();
    deliveries([[delivery(109, 'failed-once', 503, 1, true), ...first!], second!]);
    await redeliverFailed(octokit, queue, log, undefined, NOW);
    expect(redelivered).toEqual([109]);
  });

  it('bounded: at most maxRedeliveries per run and maxPages pages; a refused request is a warning, not the end of the run', async () => {
    deliveries(history().slice(0, 1));
    attempts();
    const limits = { lookbackMs: 3 * 3600_000, maxPages: 1, maxRedeliveries: 1, maxAttempts: 5 };
    expect(await redeliverFailed(octokit, queue, log, limits, NOW)).toEqual({
      examined: 8,
      redelivered: 1,
      left: 1,
    });
    expect(redelivered).toEqual([102]);

    nock.cleanAll();
    redelivered = [];
    deliveries([[delivery(201, 'refused-b', 503, 1), delivery(200, 'refused-a', 503, 2)]]);
    attempts(422);
    const report = await redeliverFailed(octokit, queue, log, undefined, NOW);
    expect(redelivered).toEqual([200, 201]);
    expect(report).toEqual({ examined: 2, redelivered: 0, left: 2 });
    expect(warnings.join('\n')).toMatch(/redelivery of refused-a was refused/);
  });
});
