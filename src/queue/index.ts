import { createBullQueue } from './bullmq-queue.js';
import type { JobQueue } from './queue.js';

export * from './job.js';
export * from './queue.js';

/**
 * The engine the environment asks for: BullMQ on `REDIS_URL` when it is set, else the SQLite file
 * `QUEUE_DB` (default `.data/gitops-guard-queue.sqlite`). `QUEUE_LOCK_SECONDS` bounds how long a
 * dead worker's job waits before another takes it; `QUEUE_GLOBAL_CONCURRENCY` caps jobs running
 * at once across every worker (Redis only; the embedded engine has one process).
 */
export async function createQueueFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<JobQueue> {
  const lockMs = env.QUEUE_LOCK_SECONDS ? Number(env.QUEUE_LOCK_SECONDS) * 1000 : undefined;
  if (env.REDIS_URL) {
    return createBullQueue({
      url: env.REDIS_URL,
      lockMs,
      globalConcurrency: env.QUEUE_GLOBAL_CONCURRENCY ? Number(env.QUEUE_GLOBAL_CONCURRENCY) : undefined,
    });
  }
  // better-sqlite3 is an optional (native) dependency: only the embedded engine loads it.
  const { createSqliteQueue } = await import('./sqlite-queue.js').catch((error: unknown) => {
    throw new Error(
      `The embedded queue needs better-sqlite3, which is not installed or did not build (${error instanceof Error ? error.message : String(error)}). Set REDIS_URL to use Redis instead, or reinstall with a C++ toolchain (see docs/deploy.md).`,
    );
  });
  return createSqliteQueue({ path: env.QUEUE_DB || '.data/gitops-guard-queue.sqlite', lockMs });
}
