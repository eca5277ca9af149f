import type { JobQueue } from '../queue/index.js';

/**
 * Failed webhook deliveries are asked of GitHub again: GitHub does not redeliver by itself, and a
 * delivery the web role answered 503 (the queue did not store it) or could not answer (down,
 * unreachable) is otherwise lost until the pull request's next event. Through the app's own API
 * (JWT): `GET /app/hook/deliveries` (newest first, cursor pagination) and
 * `POST /app/hook/deliveries/{id}/attempts`. Bounded: deliveries of the last `lookbackMs`, at
 * most `maxPages` pages and `maxRedeliveries` requests per run, `maxAttempts` per delivery.
 * Idempotent: one request per (delivery, failed attempts seen) across every replica and run (a
 * claim in the queue's store); the redelivered event keeps its delivery id, so the queue takes
 * it for the job it is (or a duplicate, when an earlier attempt got through after all).
 */

/** What we read of GitHub's `hook-delivery-item`. */
export interface HookDelivery {
  id: number;
  guid: string;
  delivered_at: string;
  redelivery: boolean;
  status_code: number;
  event: string;
  action?: string | null;
}

/** The part of an app-authenticated (JWT) Octokit this uses. */
export interface AppOctokit {
  paginate: {
    iterator(
      route: 'GET /app/hook/deliveries',
      parameters: { per_page: number },
    ): AsyncIterable<{ data: HookDelivery[] }>;
  };
  request(
    route: 'POST /app/hook/deliveries/{delivery_id}/attempts',
    parameters: { delivery_id: number },
  ): Promise<unknown>;
}

interface RedeliveryLimits {
  /** Deliveries older than this are not looked at (GitHub keeps them 3 days). */
  lookbackMs: number;
  maxPages: number;
  maxRedeliveries: number;
  /** A delivery that failed this many times is left alone. */
  maxAttempts: number;
}

const DEFAULT_REDELIVERY_LIMITS: RedeliveryLimits = {
  lookbackMs: 3 * 3600_000,
  maxPages: 20,
  maxRedeliveries: 100,
  maxAttempts: 5,
};

interface RedeliveryReport {
  /** Deliveries read. */
  examined: number;
  /** Redeliveries requested. */
  redelivered: number;
  /** Events whose every attempt failed and were left (attempts used up, the run's bound, or requested by another replica). */
  left: number;
}

type Log = { info(m: string): void; warn(m: string): void };

const succeeded = (d: HookDelivery) => d.status_code >= 200 && d.status_code < 300;

export async function redeliverFailed(
  octokit: AppOctokit,
  queue: Pick<JobQueue, 'claim'>,
  log: Log,
  limits: RedeliveryLimits = DEFAULT_REDELIVERY_LIMITS,
  now = Date.now(),
): Promise<RedeliveryReport> {
  const cutoff = now - limits.lookbackMs;
  // Per event (guid): did any attempt succeed, how many failed, and the newest attempt's id.
  const events = new Map<string, { ok: boolean; failed: number; latest: HookDelivery }>();
  let examined = 0;
  let pages = 0;
  pages: for await (const page of octokit.paginate.iterator('GET /app/hook/deliveries', { per_page: 100 })) {
    for (const delivery of page.data) {
      if (Date.parse(delivery.delivered_at) < cutoff) break pages;
      examined++;
      const seen = events.get(delivery.guid) ?? { ok: false, failed: 0, latest: delivery };
      if (succeeded(delivery)) seen.ok = true;
      else seen.failed++;
      if (delivery.id > seen.latest.id) seen.latest = delivery;
      events.set(delivery.guid, seen);
    }
    if (++pages >= limits.maxPages) break;
  }
  let redelivered = 0;
  let left = 0;
  // Oldest first: the order GitHub first sent them in.
  const failed = [...events.entries()].filter(([, e]) => !e.ok).reverse();
  for (const [guid, event] of failed) {
    if (
      event.failed >= limits.maxAttempts ||
      redelivered >= limits.maxRedeliveries ||
      !(await queue.claim(`redeliver|${guid}|${event.failed}`, limits.lookbackMs + 86_400_000))
    ) {
      left++;
      continue;
    }
    try {
      await octokit.request('POST /app/hook/deliveries/{delivery_id}/attempts', {
        delivery_id: event.latest.id,
      });
      redelivered++;
      log.info(
        `gitops-guard: asked GitHub to redeliver ${event.latest.event}${event.latest.action ? `.${event.latest.action}` : ''} ${guid} (failed ${event.failed} time(s), last with ${event.latest.status_code})`,
      );
    } catch (error) {
      left++;
      log.warn(
        `gitops-guard: redelivery of ${guid} was refused: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return { examined, redelivered, left };
}

/**
 * At start and every `intervalMs`, by one replica at a time (a claim that lapses before the next
 * run). `intervalMs` 0 turns it off.
 */
export function startRedelivery(
  queue: JobQueue,
  auth: () => Promise<AppOctokit>,
  log: Log,
  intervalMs: number,
  limits: RedeliveryLimits = DEFAULT_REDELIVERY_LIMITS,
): () => void {
  if (!(intervalMs > 0)) return () => undefined;
  const run = async () => {
    try {
      if (!(await queue.claim('redelivery-run', Math.max(intervalMs - 1000, 500)))) return;
      const report = await redeliverFailed(await auth(), queue, log, limits);
      if (report.redelivered || report.left)
        log.info(
          `gitops-guard: redelivery: ${report.examined} deliveries read, ${report.redelivered} redelivered, ${report.left} failed and left`,
        );
    } catch (error) {
      log.warn(`gitops-guard: redelivery failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  void run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
