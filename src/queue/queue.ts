import type { JobData } from './job.js';

/**
 * The queue interface: the only thing the app knows. Two engines implement it:
 * BullMQ on Redis (`REDIS_URL`) and an embedded SQLite file (the default). See docs/deploy.md.
 */

export type EnqueueResult =
  /** A new job. */
  | 'queued'
  /** This delivery id was seen before (a redelivery). */
  | 'duplicate-delivery'
  /** A job with the same identity is queued or running: nothing added. */
  | 'coalesced';

export interface QueuedJob {
  /** The identity (src/queue/job.ts). */
  id: string;
  data: JobData;
}

export interface QueueCounts {
  waiting: number;
  active: number;
  delayed: number;
}

/** A review started and not yet completed: what the sweeper inspects. */
export interface InProgressReview {
  id: string;
  data: JobData;
  /** Epoch ms. */
  startedAt: number;
}

/** Thrown by a job handler: run the job again at `at` (epoch ms), with `update` merged into its data. */
export class RunLater extends Error {
  constructor(
    readonly at: number,
    reason: string,
    readonly update: Partial<JobData> = {},
  ) {
    super(reason);
    this.name = 'RunLater';
  }
}

export type JobHandler = (job: QueuedJob) => Promise<void>;

export interface WorkerOptions {
  /** Jobs this process runs at once. */
  concurrency: number;
}

export interface QueueWorker {
  close(): Promise<void>;
}

export interface JobQueue {
  readonly engine: 'bullmq' | 'sqlite';
  /**
   * Adds a job unless its delivery was seen or a job with its identity is queued or running.
   * A review job also records its SHA as the newest head of its pull request.
   */
  enqueue(data: JobData): Promise<EnqueueResult>;
  /** The newest head SHA enqueued for a pull request. */
  latestHead(repository: string, pull: number): Promise<string | undefined>;
  /**
   * Runs jobs: at most one per repository at a time across every worker, at most
   * `concurrency` in this process. A handler that throws `RunLater` is run again then; any other
   * throw drops the job (handlers complete their check run before giving up).
   */
  work(handler: JobHandler, options: WorkerOptions): QueueWorker;
  /** Reviews under way are recorded so the sweeper can find the ones a dead process left. */
  markStarted(job: QueuedJob): Promise<void>;
  markFinished(jobId: string): Promise<void>;
  inProgress(): Promise<InProgressReview[]>;
  counts(): Promise<QueueCounts>;
  /**
   * Takes `name` for `ttlMs` unless another caller holds it: true for exactly one of several
   * replicas (periodic work one replica does) and once per name (a request made at most once).
   */
  claim(name: string, ttlMs: number): Promise<boolean>;
  /** Throws when the queue's store is unreachable (/readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
