import type { EnqueueResult, JobData, JobQueue } from '../queue/index.js';

/**
 * The web role's one promise to GitHub: a 2xx answer means the delivery's job is stored in the
 * queue. An enqueue that fails, or that the store has not confirmed within `timeoutMs` (Redis
 * restarting, unreachable), becomes this error: Probot answers its `status` (503), GitHub shows the
 * delivery as failed, and it is delivered again (docs/deploy.md, "Redelivery"). The bound must stay
 * below the 9 s after which Probot's webhook middleware answers 202 "still processing" by itself.
 */
class NotEnqueued extends Error {
  readonly status = 503;
  constructor(delivery: string, cause: string) {
    super(`delivery ${delivery} was not queued (${cause}); answering 503 so that GitHub marks it failed`);
    this.name = 'NotEnqueued';
  }
}

export const DEFAULT_ENQUEUE_TIMEOUT_MS = 5000;

export async function enqueueWithin(
  queue: JobQueue,
  data: JobData,
  timeoutMs: number,
): Promise<EnqueueResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new NotEnqueued(data.event.id, `the queue did not confirm within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    // An enqueue still pending after the answer may yet complete: every step of it is idempotent,
    // so GitHub's redelivery then finds the job (coalesced) or the delivery (duplicate).
    return await Promise.race([queue.enqueue(data), timeout]);
  } catch (error) {
    if (error instanceof NotEnqueued) throw error;
    throw new NotEnqueued(data.event.id, error instanceof Error ? error.message : String(error));
  } finally {
    clearTimeout(timer);
  }
}
