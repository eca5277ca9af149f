import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  deliver,
  pullRequestPayload,
  startAppProcess,
  WEBHOOK_SECRET,
  type AppProcess,
} from '../helpers/app-processes.js';
import { removeCompiled } from '../helpers/compiled-sources.js';
import { describeWithRedis, startRedis, type TestRedis } from '../helpers/redis-server.js';
// @ts-expect-error plain JS helper shared with bench/queue.mjs
import { startSimulatedGitHub } from '../helpers/simulated-github.mjs';

/**
 * The app as deployed: web and worker processes (Probot's server, our queue) against a simulated
 * GitHub on 127.0.0.1, with a real redis-server, or the embedded SQLite queue. Workers are killed
 * with SIGKILL mid-review.
 */

type Sim = {
  host: string;
  deliver(
    port: number,
    secret: string,
    name: string,
    guid: string,
    payload: unknown,
  ): Promise<{ status: number }>;
  deliveries(): Array<{ id: number; guid: string; redelivery: boolean; status_code: number }>;
  close(): Promise<void>;
  checkRuns: Array<{
    id: number;
    repo: string;
    head_sha: string;
    name: string;
    status: string;
    conclusion: string | null;
    output?: { title?: string; summary?: string };
  }>;
  reviews: Array<{ repo: string; number: number; commit_id: string; comments: number }>;
};

const sha = (n: number, salt: string) =>
  (salt + n.toString(16)).padStart(40, '0').slice(-40).replace(/^0/, 'c');
const BASE = 'b'.repeat(40);

const until = async (what: string, cond: () => boolean, ms: number, debug: () => string = () => '') => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`${what}: not reached in ${ms} ms ${debug()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

describeWithRedis(describe)('the app on a queue (child processes, simulated GitHub)', () => {
  let redis: TestRedis;
  let sim: Sim;
  let dir: string;
  const processes: AppProcess[] = [];
  const start = async (env: Record<string, string>) => {
    const p = await startAppProcess({ GHE_HOST: sim.host, ...env });
    processes.push(p);
    return p;
  };

  beforeAll(async () => {
    redis = await startRedis();
    dir = mkdtempSync(join(tmpdir(), 'gg-app-queue-'));
  });
  const hold = new Map<string, number>();
  beforeEach(async () => {
    hold.clear();
    sim = (await startSimulatedGitHub({ holdMs: (s: string) => hold.get(s) ?? 0 })) as Sim;
  });
  afterEach(async () => {
    for (const p of processes.splice(0)) await p.kill('SIGKILL');
    await sim.close();
  });
  afterAll(async () => {
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
    removeCompiled();
  });

  // The manifest review's runs (each head also gets its `gitops-guard / approvals` run, docs/approvals.md).
  const runsOf = (repo: string, head: string) =>
    sim.checkRuns.filter((r) => r.repo === repo && r.head_sha === head && r.name === 'gitops-guard');

  it('a burst of 1,000 webhooks over 200 pull requests (200 duplicates, 100 superseding pushes): one completed check run per latest head, no duplicate review, nothing in progress', async () => {
    const redisEnv = { REDIS_URL: `${redis.url}/1` };
    const web = await start({ ...redisEnv, APP_ROLE: 'web' });
    await start({ ...redisEnv, APP_ROLE: 'worker', WORKER_CONCURRENCY: '4' });
    await start({ ...redisEnv, APP_ROLE: 'worker', WORKER_CONCURRENCY: '4' });
    const deliveries: Array<[string, string, unknown]> = [];
    const latest = new Map<string, string>();
    const t0 = Date.parse('2026-11-01T00:00:00Z');
    for (let i = 0; i < 200; i++) {
      const repo = `repo-${i % 20}`;
      const pr = i + 1;
      deliveries.push([
        'pull_request',
        `open-${i}`,
        pullRequestPayload('opened', repo, pr, sha(i, 'a1'), BASE, t0),
      ]);
      latest.set(`${repo}#${pr}`, sha(i, 'a1'));
      if (i < 100) {
        deliveries.push([
          'pull_request',
          `sync-${i}`,
          pullRequestPayload('synchronize', repo, pr, sha(i, 'a2'), BASE, t0 + 60_000),
        ]);
        latest.set(`${repo}#${pr}`, sha(i, 'a2'));
      }
      // Title edits: answered, nothing queued.
      for (let k = 0; k < (i < 100 ? 2 : 3); k++)
        deliveries.push([
          'pull_request',
          `edit-${i}-${k}`,
          pullRequestPayload('edited', repo, pr, latest.get(`${repo}#${pr}`)!, BASE, t0 + 120_000),
        ]);
    }
    // 200 redeliveries of the same delivery ids.
    const duplicates = deliveries
      .filter(([, id]) => id.startsWith('open-') || id.startsWith('sync-'))
      .slice(0, 200);
    const burst = [...deliveries, ...duplicates];
    expect(burst).toHaveLength(1000);
    const statuses: number[] = [];
    for (let i = 0; i < burst.length; i += 25) {
      const answers = await Promise.all(
        burst.slice(i, i + 25).map(([name, id, payload]) => deliver(web.port, name, id, payload)),
      );
      statuses.push(...answers.map((a) => a.status));
    }
    expect(statuses.every((s) => s === 200)).toBe(true);

    await until(
      'every latest head completed',
      () =>
        [...latest].every(([key, head]) =>
          runsOf(key.split('#')[0]!, head).some((r) => r.status === 'completed'),
        ) && sim.checkRuns.every((r) => r.status === 'completed'),
      150_000,
      () =>
        `(${sim.checkRuns.filter((r) => r.status === 'completed').length} completed of ${sim.checkRuns.length})`,
    );
    for (const [key, head] of latest) {
      const [repo, number] = key.split('#');
      expect(runsOf(repo!, head)).toHaveLength(1);
      expect(
        sim.reviews.filter((r) => r.repo === repo && r.number === Number(number) && r.commit_id === head)
          .length,
      ).toBeLessThanOrEqual(1);
    }
    // Older heads: reviewed before the push arrived, or completed as superseded.
    const superseded = sim.checkRuns.filter(
      (r) => r.conclusion === 'neutral' && r.output?.title?.startsWith('Superseded by'),
    );
    for (const run of superseded) expect(run.output!.summary).toMatch(/moved on to [0-9a-f]{40}/);
    const reviewKeys = sim.reviews.map((r) => `${r.repo}#${r.number}@${r.commit_id}`);
    expect(new Set(reviewKeys).size).toBe(reviewKeys.length);
  }, 240_000);

  it('a worker killed with SIGKILL in the middle of a review: another worker finishes it, the check run completes', async () => {
    const redisEnv = { REDIS_URL: `${redis.url}/2` };
    const web = await start({ ...redisEnv, APP_ROLE: 'web' });
    const first = await start({ ...redisEnv, APP_ROLE: 'worker' });
    const head = sha(7, 'e1');
    hold.set(head, 4000);
    expect(
      (
        await deliver(
          web.port,
          'pull_request',
          'kill-1',
          pullRequestPayload('opened', 'killed', 7, head, BASE, Date.now()),
        )
      ).status,
    ).toBe(200);
    await until(
      'review started',
      () => runsOf('killed', head).some((r) => r.status === 'in_progress'),
      20_000,
    );
    await first.kill('SIGKILL');
    hold.delete(head);
    const second = await start({ ...redisEnv, APP_ROLE: 'worker', LOG_LEVEL: 'info' });
    await until(
      'check run completed',
      () => runsOf('killed', head).every((r) => r.status === 'completed'),
      30_000,
      () => JSON.stringify(runsOf('killed', head)) + second.output() + web.output(),
    );
    expect(runsOf('killed', head)).toHaveLength(1);
    expect(runsOf('killed', head)[0]!.conclusion).toBe('failure'); // the privileged container
    expect(sim.reviews.filter((r) => r.commit_id === head)).toHaveLength(1);
  }, 90_000);

  it('the one-process default (SQLite): killed mid-review and restarted, it completes what was in progress', async () => {
    const env = { QUEUE_DB: join(dir, 'one.sqlite'), APP_ROLE: 'all', STALE_REVIEW_SECONDS: '3' };
    const one = await start(env);
    const head = sha(8, 'e2');
    hold.set(head, 4000);
    expect(
      (
        await deliver(
          one.port,
          'pull_request',
          'one-1',
          pullRequestPayload('opened', 'single', 8, head, BASE, Date.now()),
        )
      ).status,
    ).toBe(200);
    await until(
      'review started',
      () => runsOf('single', head).some((r) => r.status === 'in_progress'),
      20_000,
    );
    await one.kill('SIGKILL');
    hold.delete(head);
    await start(env);
    await until(
      'check run completed',
      () => runsOf('single', head).every((r) => r.status === 'completed'),
      30_000,
    );
    expect(runsOf('single', head)).toHaveLength(1);
    expect(sim.reviews.filter((r) => r.commit_id === head)).toHaveLength(1);
  }, 90_000);

  it('the same webhook twice at the same moment, and a re-run during the review: one check run, one review', async () => {
    const redisEnv = { REDIS_URL: `${redis.url}/3` };
    const web = await start({ ...redisEnv, APP_ROLE: 'web' });
    await start({ ...redisEnv, APP_ROLE: 'worker' });
    await start({ ...redisEnv, APP_ROLE: 'worker' });
    const head = sha(9, 'd1');
    hold.set(head, 1500);
    const payload = pullRequestPayload('opened', 'racy', 9, head, BASE, Date.now());
    const answers = await Promise.all([
      deliver(web.port, 'pull_request', 'same-1', payload),
      deliver(web.port, 'pull_request', 'same-2', payload),
      deliver(web.port, 'pull_request', 'same-1', payload),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    await until('review started', () => runsOf('racy', head).some((r) => r.status === 'in_progress'), 20_000);
    const rerun = {
      action: 'rerequested',
      installation: { id: 1 },
      repository: { name: 'racy', owner: { login: 'acme' } },
      check_run: {
        id: runsOf('racy', head)[0]!.id,
        name: 'gitops-guard',
        head_sha: head,
        pull_requests: [{ number: 9, head: { sha: head }, base: { sha: BASE } }],
      },
    };
    expect((await deliver(web.port, 'check_run', 'rerun-1', rerun)).status).toBe(200);
    await until(
      'check run completed',
      () => runsOf('racy', head).every((r) => r.status === 'completed'),
      30_000,
    );
    await new Promise((r) => setTimeout(r, 1500)); // anything still queued would show by now
    expect(runsOf('racy', head)).toHaveLength(1);
    expect(sim.reviews.filter((r) => r.commit_id === head)).toHaveLength(1);
  }, 90_000);

  // Redis restarted (SIGTERM, append-only file, 1 s down) while 30 deliveries are being queued:
  // the answers wait for Redis (at most ENQUEUE_TIMEOUT_SECONDS) and nothing is lost once it is
  // back. The commands the dropped connection left unanswered are sent again by ioredis; each
  // step of an enqueue is idempotent, so a resent one neither adds a second job nor takes the
  // delivery for one already seen (it did, and lost 14 to 25 of 60 deliveries, before).
  it('Redis restarted during a burst: every delivery answered 200 is reviewed once it is back', async () => {
    const redisEnv = { REDIS_URL: `${redis.url}/4`, REDELIVERY_INTERVAL_SECONDS: '2' };
    const web = await start({ ...redisEnv, APP_ROLE: 'web' });
    await start({ ...redisEnv, APP_ROLE: 'worker', WORKER_CONCURRENCY: '4' });
    const heads = Array.from({ length: 60 }, (_, i) => sha(i, 'f1'));
    const send = (from: number, to: number) =>
      Promise.all(
        heads
          .slice(from, to)
          .map((h, i) =>
            sim.deliver(
              web.port,
              WEBHOOK_SECRET,
              'pull_request',
              `restart-${from + i}`,
              pullRequestPayload('opened', `restart-${(from + i) % 6}`, from + i + 1, h, BASE, Date.now()),
            ),
          ),
      );
    const before = await send(0, 30);
    const restarted = redis.restart(1000);
    const during = await send(30, 60); // enqueued while Redis is down: the answers wait for it
    await restarted;
    // 200, or 503 if Redis took longer than the bound to come back (a loaded machine; the
    // redelivery then recovers it): never a 2xx for a job that was not stored.
    expect([...before, ...during].filter((a) => a.status !== 200 && a.status !== 503)).toEqual([]);
    await until(
      'all completed',
      () => heads.every((h) => sim.checkRuns.some((r) => r.head_sha === h && r.status === 'completed')),
      90_000,
      () =>
        `(${sim.checkRuns.filter((r) => r.status === 'completed').length} completed of ${sim.checkRuns.length})`,
    );
    expect(sim.checkRuns.every((r) => r.status === 'completed')).toBe(true);
    for (const h of heads)
      expect(sim.checkRuns.filter((r) => r.head_sha === h && r.name === 'gitops-guard')).toHaveLength(1);
  }, 150_000);

  it('Redis down for longer than the bound: the web answers 503, and once Redis is back the app has GitHub redeliver those deliveries; each is reviewed once', async () => {
    const redisEnv = { REDIS_URL: `${redis.url}/5`, REDELIVERY_INTERVAL_SECONDS: '2' };
    // 3 s: short enough for the test, long enough that a loaded machine still stores a job while Redis is up.
    const web = await start({ ...redisEnv, APP_ROLE: 'web', ENQUEUE_TIMEOUT_SECONDS: '3' });
    await start({ ...redisEnv, APP_ROLE: 'worker', WORKER_CONCURRENCY: '4' });
    const heads = Array.from({ length: 20 }, (_, i) => sha(i, 'f2'));
    const send = (i: number) =>
      sim.deliver(
        web.port,
        WEBHOOK_SECRET,
        'pull_request',
        `outage-${i}`,
        pullRequestPayload('opened', `outage-${i % 4}`, i + 1, heads[i]!, BASE, Date.now()),
      );
    const before = await Promise.all(heads.slice(0, 10).map((_, i) => send(i)));
    // Redis is up: stored (200), or on a loaded machine not confirmed in time (503, redelivered like the rest).
    expect(before.filter((a) => a.status !== 200 && a.status !== 503)).toEqual([]);
    expect(before.filter((a) => a.status === 200).length).toBeGreaterThan(0);
    await redis.down();
    const during = await Promise.all(heads.slice(10).map((_, i) => send(10 + i)));
    expect(during.map((a) => a.status)).toEqual(Array(10).fill(503));
    await redis.up();
    await until(
      'all completed',
      () => heads.every((h) => sim.checkRuns.some((r) => r.head_sha === h && r.status === 'completed')),
      90_000,
      () => JSON.stringify(sim.deliveries().slice(-12)),
    );
    const redelivered = sim.deliveries().filter((d) => d.redelivery && d.status_code === 200);
    const refused = [...before, ...during].flatMap((a, i) => (a.status === 503 ? [`outage-${i}`] : []));
    expect(new Set(redelivered.map((d) => d.guid))).toEqual(new Set(refused));
    const asked = sim.deliveries().filter((d) => d.redelivery).length;
    await new Promise((r) => setTimeout(r, 2500)); // another redelivery run: nothing more is asked
    expect(sim.deliveries().filter((d) => d.redelivery)).toHaveLength(asked);
    for (const h of heads)
      expect(sim.checkRuns.filter((r) => r.head_sha === h && r.name === 'gitops-guard')).toHaveLength(1);
  }, 150_000);
});
