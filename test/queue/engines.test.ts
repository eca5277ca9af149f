import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBullQueue } from '../../src/queue/bullmq-queue.js';
import { jobIdentity, RunLater, type JobData, type JobQueue, type QueuedJob } from '../../src/queue/index.js';
import { createSqliteQueue } from '../../src/queue/sqlite-queue.js';
import { compileSources, removeCompiled } from '../helpers/compiled-sources.js';
import { describeWithRedis, startRedis, type TestRedis } from '../helpers/redis-server.js';

/** One contract, both engines: BullMQ on a real redis-server, and the SQLite file. */

let seq = 0;
function job(over: Partial<JobData> & { delivery?: string } = {}): JobData {
  const { delivery, ...rest } = over;
  return {
    kind: 'review',
    installationId: 1,
    repository: 'acme/gitops',
    pull: 1,
    sha: 'a'.repeat(40),
    event: { id: delivery ?? `d-${++seq}`, name: 'pull_request', payload: {} },
    ...rest,
  };
}

const until = async (cond: () => boolean | Promise<boolean>, ms = 15_000) => {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
};

let redis: TestRedis | undefined;
let dir: string;
const queues: JobQueue[] = [];

const engines: Array<[string, (lockMs?: number) => Promise<JobQueue>]> = [
  [
    'bullmq',
    async (lockMs = 2000) =>
      createBullQueue({ url: redis!.url, name: `t${++seq}`, lockMs, stalledIntervalMs: 500 }),
  ],
  [
    'sqlite',
    async (lockMs = 2000) => createSqliteQueue({ path: join(dir, `q${++seq}.sqlite`), lockMs, pollMs: 10 }),
  ],
];

describeWithRedis(describe)('queue engines (real Redis and SQLite)', () => {
  beforeAll(async () => {
    redis = await startRedis();
    dir = mkdtempSync(join(tmpdir(), 'gg-queue-'));
  });
  afterAll(async () => {
    for (const q of queues) await q.close().catch(() => undefined);
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
    removeCompiled();
  });
  const open = async (make: (lockMs?: number) => Promise<JobQueue>, lockMs?: number) => {
    const q = await make(lockMs);
    queues.push(q);
    return q;
  };

  describe.each(engines)('%s', (engine, make) => {
    it('adds nothing for a redelivery or a job with the same identity; pushes are keyed by delivery', async () => {
      const q = await open(make);
      expect(await q.enqueue(job({ delivery: 'x1' }))).toBe('queued');
      expect(await q.enqueue(job({ delivery: 'x1' }))).toBe('duplicate-delivery');
      expect(await q.enqueue(job({ delivery: 'x2' }))).toBe('coalesced');
      expect(await q.enqueue(job({ delivery: 'x3', sha: 'b'.repeat(40) }))).toBe('queued');
      expect(await q.enqueue(job({ delivery: 'p1', kind: 'push', pull: undefined }))).toBe('queued');
      expect(await q.enqueue(job({ delivery: 'p2', kind: 'push', pull: undefined }))).toBe('queued');
      expect(await q.counts()).toEqual({ waiting: 4, active: 0, delayed: 0 });
    });

    it('keeps the newest head of a pull request; an older delivery does not supersede it', async () => {
      const q = await open(make);
      await q.enqueue(job({ sha: '1'.repeat(40), updatedAt: 1000 }));
      await q.enqueue(job({ sha: '2'.repeat(40), updatedAt: 3000 }));
      await q.enqueue(job({ sha: '3'.repeat(40), updatedAt: 2000 }));
      expect(await q.latestHead('acme/gitops', 1)).toBe('2'.repeat(40));
      await q.enqueue(job({ kind: 'rerun', sha: '9'.repeat(40), updatedAt: 9000 }));
      expect(await q.latestHead('acme/gitops', 1)).toBe('2'.repeat(40));
    });

    it('runs one job per repository at a time and several repositories at once; the identity frees up when done', async () => {
      const q = await open(make);
      const running = new Map<string, number>();
      let maxPerRepo = 0;
      let maxTotal = 0;
      const done: string[] = [];
      for (const repo of ['a/one', 'a/two', 'a/three'])
        for (let pull = 1; pull <= 4; pull++) await q.enqueue(job({ repository: repo, pull }));
      q.work(
        async ({ id, data }: QueuedJob) => {
          running.set(data.repository, (running.get(data.repository) ?? 0) + 1);
          maxPerRepo = Math.max(maxPerRepo, ...running.values());
          maxTotal = Math.max(
            maxTotal,
            [...running.values()].reduce((a, b) => a + b, 0),
          );
          await new Promise((r) => setTimeout(r, 30));
          running.set(data.repository, running.get(data.repository)! - 1);
          done.push(id);
        },
        { concurrency: 4 },
      );
      await until(() => done.length === 12);
      expect(maxPerRepo).toBe(1);
      expect(maxTotal).toBeGreaterThan(1);
      await until(async () => (await q.counts()).active === 0);
      expect(await q.enqueue(job({ repository: 'a/one', pull: 1 }))).toBe('queued');
    });

    it('holds a job with runAt until then', async () => {
      const q = await open(make);
      const ran: number[] = [];
      const started = Date.now();
      await q.enqueue(job({ repository: 'r/at', runAt: started + 700 }));
      expect(await q.counts()).toEqual({ waiting: 0, active: 0, delayed: 1 });
      q.work(async () => void ran.push(Date.now() - started), { concurrency: 1 });
      await until(() => ran.length === 1);
      expect(ran[0]).toBeGreaterThanOrEqual(650);
    });

    it('gives a claim to one caller until it lapses', async () => {
      const q = await open(make);
      const [a, b] = await Promise.all([q.claim('redelivery-run', 300), q.claim('redelivery-run', 300)]);
      expect([a, b].sort()).toEqual([false, true]);
      expect(await q.claim('other', 300)).toBe(true);
      await new Promise((r) => setTimeout(r, 400));
      expect(await q.claim('redelivery-run', 300)).toBe(true);
    });

    it('runs a job again at the time a handler asks, with its updated data', async () => {
      const q = await open(make);
      const seen: Array<{ attempts?: number; at: number }> = [];
      await q.enqueue(job({ repository: 'r/later' }));
      const started = Date.now();
      q.work(
        async ({ data }) => {
          seen.push({ attempts: data.attempts, at: Date.now() - started });
          if (seen.length < 2) throw new RunLater(Date.now() + 600, 'rate limited', { attempts: 1 });
        },
        { concurrency: 1 },
      );
      await until(() => seen.length === 2);
      expect(seen[0]!.attempts).toBeUndefined();
      expect(seen[1]!.attempts).toBe(1);
      expect(seen[1]!.at).toBeGreaterThanOrEqual(550);
    });

    it('gives the job of a worker killed with SIGKILL to another worker, and records reviews under way', async () => {
      const target = engine === 'bullmq' ? redis!.url : join(dir, `kill-${++seq}.sqlite`);
      const name = `t${++seq}`;
      const q =
        engine === 'bullmq'
          ? await createBullQueue({ url: target, name, lockMs: 1000, stalledIntervalMs: 500 })
          : createSqliteQueue({ path: target, lockMs: 1000, pollMs: 10 });
      queues.push(q);
      const data = job({ repository: 'r/killed' });
      await q.enqueue(data);
      const distDir = compileSources();
      const childScript = fileURLToPath(new URL('./engine-child.mjs', import.meta.url));
      const child = spawn(process.execPath, [childScript, distDir, engine, target, name], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the child took no job')), 20_000);
        child.stdout!.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('started')) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      expect((await q.inProgress()).map((r) => r.id)).toEqual([jobIdentity(data)]);
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const finished: string[] = [];
      q.work(
        async (j) => {
          finished.push(j.id);
          await q.markFinished(j.id);
        },
        { concurrency: 1 },
      );
      await until(() => finished.length === 1, 20_000);
      expect(finished).toEqual([jobIdentity(data)]);
      expect(await q.inProgress()).toEqual([]);
    }, 40_000);
  });
});
