/**
 * What a queued job carries and who it is. Pure data: the queue engines store it, the worker
 * (src/app/jobs.ts) turns it back into a Probot context.
 */

/** The part of a webhook event a job needs (payloads are trimmed: a PR payload is ~25 KB). */
interface JobEvent {
  /** The delivery id (X-GitHub-Delivery). */
  id: string;
  name: string;
  payload: Record<string, unknown>;
}

/**
 * `verify`: after a review started, GitHub is asked whether its check run completed (src/app/verify.ts).
 * `approvals`: a review event re-judges the approvals of the head (src/review/run-approvals.ts).
 */
type JobKind = 'review' | 'rerun' | 'push' | 'verify' | 'approvals';

export interface JobData {
  kind: JobKind;
  installationId: number;
  /** `owner/name`. */
  repository: string;
  /** Pull request number (review, and re-runs that name one). */
  pull?: number;
  /** The head SHA reviewed (review, rerun) or pushed (push). */
  sha: string;
  event: JobEvent;
  /** When the pull request was last updated (epoch ms): an older delivery never supersedes a newer head. */
  updatedAt?: number;
  /** Failed attempts so far (transient causes). */
  attempts?: number;
  /** Not run before this time (epoch ms). */
  runAt?: number;
  /** How many times a check run found left in progress on GitHub had its review queued again. */
  verifications?: number;
}

/**
 * A job's identity: (repository, pull request, head SHA) for reviews and re-runs that name a pull
 * request, so a duplicate delivery or a re-run during a review coalesces with the queued or running
 * job; the delivery id for pushes and approvals re-judgements (src/app/jobs.ts). No ':' (BullMQ refuses it in custom ids).
 */
export function jobIdentity(job: Pick<JobData, 'kind' | 'repository' | 'pull' | 'sha' | 'event'>): string {
  if (job.kind === 'push') return `push|${job.repository}|${job.event.id}`;
  if (job.kind === 'verify') return `verify|${job.repository}|${job.pull}|${job.sha}`;
  // One per review event: a review submitted while an approvals job runs must be judged again, not coalesced.
  if (job.kind === 'approvals') return `approvals|${job.repository}|${job.pull}|${job.sha}|${job.event.id}`;
  if (job.pull !== undefined) return `review|${job.repository}|${job.pull}|${job.sha}`;
  return `rerun|${job.repository}|${job.sha}`;
}

/** Jobs of one group never run at the same time (per-repository concurrency of one). */
export function jobGroup(job: Pick<JobData, 'repository'>): string {
  return job.repository;
}

/** The key under which the newest head SHA of a pull request is kept (supersede). */
export function pullKey(repository: string, pull: number): string {
  return `${repository}#${pull}`;
}
