import { randomUUID } from 'node:crypto';
import { DelayedError, Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { jobGroup, jobIdentity, pullKey, type JobData } from './job.js';
import {
  RunLater,
  type EnqueueResult,
  type InProgressReview,
  type JobHandler,
  type JobQueue,
  type QueueCounts,
  type QueueWorker,
  type WorkerOptions,
} from './queue.js';

/**
 * The Redis engine: BullMQ for the jobs (durable, stalled-job recovery across workers), plus a few
 * plain keys BullMQ has no notion of: seen deliveries, the newest head of each pull request, a
 * per-repository lock (BullMQ's groups are a paid feature) and the reviews under way.
 */

export interface BullQueueOptions {
  /** `redis://host:port/db`; the same Redis Probot uses for its shared rate limiting. */
  url: string;
  /** Queue name (also namespaces our own keys). */
  name?: string;
  /** How long a job's lock (and its repository's lock) lives without renewal: a dead worker's job is retried after it. */
  lockMs?: number;
  /** How often workers look for stalled jobs. */
  stalledIntervalMs?: number;
  /** Jobs running at once across every worker (BullMQ's global concurrency); unset: no global bound. */
  globalConcurrency?: number;
  /** How long a seen delivery id is remembered. */
  deliveryTtlSeconds?: number;
}

/** Compare-and-delete / compare-and-renew: only the holder of a lock releases or extends it. */
const RELEASE =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
/** SET NX that a resent command (after a reconnect) does not turn into "taken by another". */
const CLAIM =
  "local cur = redis.call('get', KEYS[1]); if not cur then redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2]); return 1 end; if cur == ARGV[1] then return 1 end; return 0";
/**
 * Before adding a job, in one round trip: 'seen' when its delivery was marked seen; else records
 * the newest head of a review's pull request (unless a later-updated head is recorded) and
 * answers 'exists' when a job with its identity is queued or running, or 'new'. Safe to run twice.
 */
const ENQUEUE_CHECK = `if redis.call('exists', KEYS[1]) == 1 then return 'seen' end
if ARGV[1] == '1' then
  local cur = redis.call('get', KEYS[2])
  local t = cur and tonumber(string.match(cur, '|(%d+)$'))
  if not (t and t > tonumber(ARGV[3])) then redis.call('set', KEYS[2], ARGV[2] .. '|' .. ARGV[3], 'EX', ARGV[4]) end
end
if redis.call('exists', KEYS[3]) == 1 then return 'exists' end
return 'new'`;
const RENEW =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";

export async function createBullQueue(options: BullQueueOptions): Promise<JobQueue> {
  const name = options.name ?? 'gitops-guard';
  const lockMs = options.lockMs ?? 30_000;
  const deliveryTtl = options.deliveryTtlSeconds ?? 86_400;
  // BullMQ requires maxRetriesPerRequest: null (its blocking commands wait while Redis is away).
  const redis = new Redis(options.url, { maxRetriesPerRequest: null, lazyConnect: false });
  const key = (...parts: string[]) => `${name}:gg:${parts.join(':')}`;
  const queue = new Queue<JobData>(name, { connection: redis });
  if (options.globalConcurrency) await queue.setGlobalConcurrency(options.globalConcurrency);
  const workers: Worker<JobData>[] = [];
  const connections: Redis[] = [];

  const api: JobQueue = {
    engine: 'bullmq',

    async enqueue(data: JobData): Promise<EnqueueResult> {
      // Every step is safe to run twice: ioredis sends again, after a reconnect, a command whose
      // answer the lost connection never brought back (Redis may have executed it). A delivery is
      // marked seen only after its job is in the queue; marking it first (SET NX) made that resent
      // SET answer "already seen", and a delivery sent during a Redis restart was answered 200 with
      // no job (the cause of the lost deliveries in the restart test).
      const seenKey = key('delivery', data.event.id);
      const id = jobIdentity(data);
      const isReview = data.kind === 'review' && data.pull !== undefined;
      // One round trip for what the web role must read before adding (its answer waits on each).
      const state = await redis.eval(
        ENQUEUE_CHECK,
        3,
        seenKey,
        key('head', isReview ? pullKey(data.repository, data.pull!) : '-'),
        queue.toKey(id),
        isReview ? '1' : '0',
        data.sha,
        String(data.updatedAt ?? Date.now()),
        String(7 * 86_400),
      );
      if (state === 'seen') return 'duplicate-delivery';
      let result: EnqueueResult = 'coalesced';
      if (state === 'new') {
        // Finished jobs are removed, so the identity frees up for a later re-run of the same head.
        // Handlers throw only when Redis itself failed under them (a restart): BullMQ retries those.
        // Adding an identity that exists (a concurrent twin of this delivery) adds nothing.
        await queue.add(data.kind, data, {
          jobId: id,
          removeOnComplete: true,
          removeOnFail: true,
          attempts: 10,
          backoff: { type: 'exponential', delay: 1000 },
          ...(data.runAt ? { delay: Math.max(0, data.runAt - Date.now()) } : {}),
        });
        result = 'queued';
      }
      await redis.set(seenKey, '1', 'EX', deliveryTtl);
      return result;
    },

    async latestHead(repository, pull) {
      return (await redis.get(key('head', pullKey(repository, pull))))?.split('|')[0];
    },

    work(handler: JobHandler, workerOptions: WorkerOptions): QueueWorker {
      const processor = async (job: Job<JobData>, token?: string) => {
        const groupLock = key('lock', jobGroup(job.data));
        const holder = randomUUID();
        if ((await redis.set(groupLock, holder, 'PX', lockMs, 'NX')) === null) {
          // Another job of this repository runs: look again shortly (jitter spreads the retries).
          await job.moveToDelayed(Date.now() + 200 + Math.floor(Math.random() * 300), token);
          throw new DelayedError();
        }
        const renew = setInterval(
          () => void redis.eval(RENEW, 1, groupLock, holder, String(lockMs)).catch(() => undefined),
          Math.max(100, lockMs / 3),
        );
        try {
          await handler({ id: job.id!, data: job.data });
        } catch (error) {
          if (!(error instanceof RunLater)) throw error;
          if (Object.keys(error.update).length) await job.updateData({ ...job.data, ...error.update });
          await job.moveToDelayed(error.at, token);
          throw new DelayedError();
        } finally {
          clearInterval(renew);
          await redis.eval(RELEASE, 1, groupLock, holder).catch(() => undefined);
        }
      };
      const connection = redis.duplicate();
      connections.push(connection);
      const worker = new Worker<JobData>(name, processor, {
        connection,
        concurrency: workerOptions.concurrency,
        lockDuration: lockMs,
        stalledInterval: options.stalledIntervalMs ?? lockMs,
        // A job whose worker died is retried (not failed) a few times.
        maxStalledCount: 5,
      });
      worker.on('error', () => undefined); // connection errors: ioredis reconnects, BullMQ resumes.
      workers.push(worker);
      return { close: () => worker.close() };
    },

    async markStarted(job) {
      await redis.hset(key('in-progress'), job.id, JSON.stringify({ data: job.data, startedAt: Date.now() }));
    },
    async markFinished(jobId) {
      await redis.hdel(key('in-progress'), jobId);
    },
    async inProgress(): Promise<InProgressReview[]> {
      const all = await redis.hgetall(key('in-progress'));
      return Object.entries(all).map(([id, value]) => ({
        id,
        ...(JSON.parse(value) as { data: JobData; startedAt: number }),
      }));
    },

    async counts(): Promise<QueueCounts> {
      const c = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
      return {
        waiting: (c.waiting ?? 0) + (c.prioritized ?? 0),
        active: c.active ?? 0,
        delayed: c.delayed ?? 0,
      };
    },
    async claim(claimName, ttlMs) {
      return (await redis.eval(CLAIM, 1, key('claim', claimName), randomUUID(), String(ttlMs))) === 1;
    },
    async ping() {
      await redis.ping();
    },
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await queue.close();
      for (const c of [...connections, redis]) c.disconnect();
    },
  };
  return api;
}
