import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
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
 * The embedded engine: one SQLite file (WAL), durable across a kill and restart on one machine.
 * A job taken by a process holds a lease it renews; a lease that runs out (the process died) puts
 * the job back, so a restarted process resumes what it had accepted. Several processes on the
 * same machine may share the file; for several machines use Redis.
 */

export interface SqliteQueueOptions {
  /** The database file (created with its folder). */
  path: string;
  /** Lease of a running job without renewal: after it, a dead process's job is taken again. */
  lockMs?: number;
  /** How often an idle worker looks for work. */
  pollMs?: number;
  /** How long a seen delivery id is remembered. */
  deliveryTtlSeconds?: number;
}

interface JobRow {
  id: string;
  data: string;
}

export function createSqliteQueue(options: SqliteQueueOptions): JobQueue {
  const lockMs = options.lockMs ?? 30_000;
  const pollMs = options.pollMs ?? 50;
  const deliveryTtlMs = (options.deliveryTtlSeconds ?? 86_400) * 1000;
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
  const db = new Database(options.path);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.exec(`
    CREATE TABLE IF NOT EXISTS jobs (id TEXT PRIMARY KEY, grp TEXT NOT NULL, data TEXT NOT NULL, state TEXT NOT NULL,
      run_at INTEGER NOT NULL, created INTEGER NOT NULL, owner TEXT, lease_until INTEGER);
    CREATE INDEX IF NOT EXISTS jobs_ready ON jobs (state, run_at);
    CREATE TABLE IF NOT EXISTS deliveries (id TEXT PRIMARY KEY, seen INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS heads (pull TEXT PRIMARY KEY, sha TEXT NOT NULL, updated INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS in_progress (id TEXT PRIMARY KEY, data TEXT NOT NULL, started INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS claims (name TEXT PRIMARY KEY, until INTEGER NOT NULL);
  `);

  const claimName = db.prepare<[string, number, number]>(
    'INSERT INTO claims (name, until) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET until = excluded.until WHERE claims.until <= ?',
  );
  const insertDelivery = db.prepare('INSERT OR IGNORE INTO deliveries (id, seen) VALUES (?, ?)');
  const forgetDeliveries = db.prepare('DELETE FROM deliveries WHERE seen < ?');
  const setHead = db.prepare(
    'INSERT INTO heads (pull, sha, updated) VALUES (?, ?, ?) ON CONFLICT (pull) DO UPDATE SET sha = excluded.sha, updated = excluded.updated WHERE excluded.updated >= heads.updated',
  );
  const getHead = db.prepare<[string], { sha: string }>('SELECT sha FROM heads WHERE pull = ?');
  const insertJob = db.prepare(
    "INSERT OR IGNORE INTO jobs (id, grp, data, state, run_at, created) VALUES (?, ?, ?, 'waiting', ?, ?)",
  );
  const expireLeases = db.prepare(
    "UPDATE jobs SET state = 'waiting', owner = NULL, lease_until = NULL WHERE state = 'active' AND lease_until < ?",
  );
  // The oldest ready job of a repository with nothing running.
  const nextJob = db.prepare<[number], JobRow>(
    "SELECT id, data FROM jobs WHERE state = 'waiting' AND run_at <= ? AND grp NOT IN (SELECT grp FROM jobs WHERE state = 'active') ORDER BY run_at, created, rowid LIMIT 1",
  );
  const take = db.prepare("UPDATE jobs SET state = 'active', owner = ?, lease_until = ? WHERE id = ?");
  const renewLeases = db.prepare("UPDATE jobs SET lease_until = ? WHERE state = 'active' AND owner = ?");
  const deleteJob = db.prepare('DELETE FROM jobs WHERE id = ? AND owner = ?');
  const later = db.prepare(
    "UPDATE jobs SET state = 'waiting', owner = NULL, lease_until = NULL, run_at = ?, data = ? WHERE id = ? AND owner = ?",
  );

  const enqueue = db.transaction((data: JobData, now: number): EnqueueResult => {
    if (insertDelivery.run(data.event.id, now).changes === 0) return 'duplicate-delivery';
    if (data.kind === 'review' && data.pull !== undefined)
      setHead.run(pullKey(data.repository, data.pull), data.sha, data.updatedAt ?? now);
    return insertJob.run(jobIdentity(data), jobGroup(data), JSON.stringify(data), data.runAt ?? now, now)
      .changes === 0
      ? 'coalesced'
      : 'queued';
  });
  const claim = db.transaction((owner: string, now: number): JobRow | undefined => {
    expireLeases.run(now);
    const row = nextJob.get(now);
    if (row) take.run(owner, now + lockMs, row.id);
    return row;
  });

  const workers: Array<() => Promise<void>> = [];
  let closed = false;
  const sweep = setInterval(() => forgetDeliveries.run(Date.now() - deliveryTtlMs), 60_000);
  sweep.unref();

  return {
    engine: 'sqlite',
    async enqueue(data) {
      return enqueue(data, Date.now());
    },
    async latestHead(repository, pull) {
      return getHead.get(pullKey(repository, pull))?.sha;
    },

    work(handler: JobHandler, workerOptions: WorkerOptions): QueueWorker {
      const owner = randomUUID();
      const running = new Set<Promise<void>>();
      let stopping = false;
      let wake: (() => void) | undefined;
      const heartbeat = setInterval(
        () => renewLeases.run(Date.now() + lockMs, owner),
        Math.max(50, lockMs / 3),
      );

      const runOne = async (row: JobRow) => {
        const data = JSON.parse(row.data) as JobData;
        try {
          await handler({ id: row.id, data });
          deleteJob.run(row.id, owner);
        } catch (error) {
          if (error instanceof RunLater)
            later.run(error.at, JSON.stringify({ ...data, ...error.update }), row.id, owner);
          else deleteJob.run(row.id, owner); // handlers complete their check run before throwing
        }
      };
      const loop = (async () => {
        while (!stopping) {
          const row = running.size < workerOptions.concurrency ? claim(owner, Date.now()) : undefined;
          if (row) {
            const p = runOne(row).finally(() => {
              running.delete(p);
              wake?.();
            });
            running.add(p);
            continue;
          }
          await new Promise<void>((resolve) => {
            const t = setTimeout(resolve, pollMs);
            wake = () => {
              clearTimeout(t);
              resolve();
            };
          });
        }
        await Promise.allSettled([...running]);
      })();
      const close = async () => {
        stopping = true;
        wake?.();
        await loop;
        clearInterval(heartbeat);
      };
      workers.push(close);
      return { close };
    },

    async markStarted(job) {
      db.prepare('INSERT OR REPLACE INTO in_progress (id, data, started) VALUES (?, ?, ?)').run(
        job.id,
        JSON.stringify(job.data),
        Date.now(),
      );
    },
    async markFinished(jobId) {
      db.prepare('DELETE FROM in_progress WHERE id = ?').run(jobId);
    },
    async inProgress(): Promise<InProgressReview[]> {
      const rows = db
        .prepare<[], { id: string; data: string; started: number }>(
          'SELECT id, data, started FROM in_progress',
        )
        .all();
      return rows.map((r) => ({ id: r.id, data: JSON.parse(r.data) as JobData, startedAt: r.started }));
    },
    async counts(): Promise<QueueCounts> {
      const now = Date.now();
      const row = db
        .prepare<[number, number], QueueCounts>(
          "SELECT SUM(state = 'waiting' AND run_at <= ?) AS waiting, SUM(state = 'active') AS active, SUM(state = 'waiting' AND run_at > ?) AS delayed FROM jobs",
        )
        .get(now, now)!;
      return { waiting: row.waiting ?? 0, active: row.active ?? 0, delayed: row.delayed ?? 0 };
    },
    async claim(name, ttlMs) {
      const now = Date.now();
      return claimName.run(name, now + ttlMs, now).changes === 1;
    },
    async ping() {
      db.prepare('SELECT 1').get();
    },
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(sweep);
      await Promise.all(workers.map((close) => close()));
      db.close();
    },
  };
}
