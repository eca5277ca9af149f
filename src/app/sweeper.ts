import { randomUUID } from 'node:crypto';
import type { JobQueue } from '../queue/index.js';

/**
 * Reviews recorded as started more than `staleMs` ago and never finished (their check run is
 * still `in_progress`: the process died, or the job was lost with its queue) are queued again.
 * A job still in the queue under the same identity coalesces, so a live job is never doubled.
 * Returns how many were queued again.
 */
async function sweepStaleReviews(
  queue: JobQueue,
  staleMs: number,
  log: { info(m: string): void },
  now = Date.now(),
): Promise<number> {
  let requeued = 0;
  for (const review of await queue.inProgress()) {
    if (now - review.startedAt <= staleMs) continue;
    const result = await queue.enqueue({
      ...review.data,
      attempts: 0,
      event: { ...review.data.event, id: `sweep-${randomUUID()}` },
    });
    // Restart its clock: the next sweep looks again only after another `staleMs`.
    await queue.markStarted({ id: review.id, data: review.data });
    if (result === 'queued') {
      requeued++;
      log.info(
        `gitops-guard: sweeper queued ${review.id} again (started ${Math.round((now - review.startedAt) / 1000)} s ago, never finished)`,
      );
    }
  }
  return requeued;
}

/** STALE_REVIEW_SECONDS (default 600), at start and then every half of it (between 1 s and 5 min). */
export function startSweeper(
  queue: JobQueue,
  staleSeconds: number,
  log: { info(m: string): void; warn(m: string): void },
): () => void {
  const staleMs = staleSeconds * 1000;
  const sweep = () =>
    sweepStaleReviews(queue, staleMs, log).catch((error: unknown) =>
      log.warn(`gitops-guard: sweeper failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  void sweep();
  const timer = setInterval(sweep, Math.min(Math.max(staleMs / 2, 1000), 300_000));
  timer.unref();
  return () => clearInterval(timer);
}
