import { randomUUID } from 'node:crypto';
import type { GitHubPort } from '../github/port.js';
import { CHECK_RUN_NAME } from '../github/wire-format.js';
import type { JobData, JobQueue } from '../queue/index.js';

/**
 * The sweeper's check of GitHub itself. The queue's records (src/app/sweeper.ts) find reviews a
 * dead process left; they cannot see a check run that a review left `in_progress` while its
 * record says finished (completing the run failed after the last retry) or whose review was
 * lost with its job. So when a review starts, a `verify` job is queued for `staleMs` later: it
 * asks GitHub for our check run on that head (one call) and, if the run is still not completed
 * and the head is still the pull request's newest, queues the review again (coalescing with a
 * review still queued or running). At most MAX_VERIFICATIONS times per head.
 */

export const MAX_VERIFICATIONS = 3;

/** The verify job for a review that starts now, or nothing for a job that is not a pull request's review. */
export function verifyJobFor(review: JobData, staleMs: number, now = Date.now()): JobData | undefined {
  if ((review.kind !== 'review' && review.kind !== 'rerun') || review.pull === undefined || !(staleMs > 0))
    return undefined;
  return {
    ...review,
    kind: 'verify',
    attempts: 0,
    runAt: now + staleMs,
    event: { ...review.event, id: `verify-${randomUUID()}` },
  };
}

export type VerifyOutcome = 'completed' | 'moved-on' | 'requeued' | 'coalesced' | 'gave-up';

export async function verifyReview(
  data: JobData,
  queue: JobQueue,
  port: GitHubPort,
  log: { info(m: string): void; error(m: string): void },
): Promise<VerifyOutcome> {
  const newest = await queue.latestHead(data.repository, data.pull!);
  if (newest && newest !== data.sha) return 'moved-on';
  const run = await port.findCheckRun(data.sha, CHECK_RUN_NAME);
  if (run?.status === 'completed') return 'completed';
  const state = run ? `still ${run.status ?? 'not completed'}` : 'missing';
  const verifications = data.verifications ?? 0;
  if (verifications >= MAX_VERIFICATIONS) {
    log.error(
      `gitops-guard: the check run of ${data.repository}#${data.pull} at ${data.sha} is ${state} after ${verifications} reviews queued again; giving up (Re-run it)`,
    );
    return 'gave-up';
  }
  // A pull request review event carries what the review needs; a re-run asks GitHub for it.
  const kind = (data.event.payload as { pull_request?: unknown }).pull_request ? 'review' : 'rerun';
  const result = await queue.enqueue({
    ...data,
    kind,
    runAt: undefined,
    attempts: 0,
    verifications: verifications + 1,
    event: { ...data.event, id: `verify-${randomUUID()}` },
  });
  if (result !== 'queued') return 'coalesced';
  log.info(
    `gitops-guard: the check run of ${data.repository}#${data.pull} at ${data.sha} is ${state} on GitHub after the review started; queued it again`,
  );
  return 'requeued';
}
