import { Context, type Probot } from 'probot';
import { guardAnswers } from '../github/answer-check.js';
import type { Octokit } from '../github/create-github-port.js';
import { describeGitHubError } from '../github/errors.js';
import type { JobData, JobQueue, QueuedJob } from '../queue/index.js';
import { RunLater } from '../queue/index.js';
import type { GitHubPort, PullRequestInfo } from '../github/port.js';
import { CHECK_RUN_NAME } from '../github/wire-format.js';
import type { AppMetrics } from './metrics.js';
import { retryDecision, DEFAULT_RETRY_POLICY, type RetryDecision, type RetryPolicy } from './retry-policy.js';
import { verifyJobFor, verifyReview } from './verify.js';

/**
 * Webhook events become jobs (web role) and jobs become reviews (worker role). A job carries a
 * trimmed copy of its event; the worker rebuilds a Probot context from it with an installation
 * token of its own, so the review code is the same whichever process runs it.
 */

/** What the handlers use of Probot's context (any event). */
export type AnyContext = Pick<Context, 'octokit' | 'config' | 'log' | 'id'> & {
  repo(): { owner: string; repo: string };
  payload: unknown;
};

/** The work itself (src/app/index.ts): one review pipeline for the app, inline or queued. */
export interface JobRunners {
  review(
    context: AnyContext,
    pull: PullRequestInfo,
    retryNote?: (error: unknown) => string | undefined,
  ): Promise<unknown>;
  rerun(
    context: AnyContext,
    headSha: string,
    numbers: number[],
    retryNote?: (error: unknown) => string | undefined,
  ): Promise<void>;
  push(context: AnyContext): Promise<unknown>;
  /** A review event (or the approvals run re-requested): approvals judged again (src/review/run-approvals.ts). */
  approvals(
    context: AnyContext,
    pull: PullRequestInfo,
    retryNote?: (error: unknown) => string | undefined,
  ): Promise<unknown>;
  port(context: AnyContext): GitHubPort;
}

type Payload = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function base(payload: Payload) {
  const r = payload.repository ?? {};
  return {
    repository: {
      name: r.name,
      full_name: r.full_name,
      default_branch: r.default_branch,
      owner: { login: r.owner?.login, name: r.owner?.name },
    },
    installation: { id: payload.installation?.id },
  };
}

export function reviewJob(
  context: { id: string; name: string; payload: Payload },
  pull: PullRequestInfo,
): JobData {
  const p = context.payload;
  const pr = p.pull_request ?? {};
  const payload = {
    ...base(p),
    pull_request: {
      number: pull.number,
      state: pull.state,
      draft: pull.draft,
      changed_files: pull.changedFiles,
      head: { sha: pull.headSha },
      base: { sha: pull.baseSha, ref: pull.baseRef },
      updated_at: pr.updated_at,
    },
  };
  const updatedAt = Date.parse(pr.updated_at ?? '');
  return {
    kind: 'review',
    installationId: Number(p.installation?.id),
    repository: `${p.repository?.owner?.login}/${p.repository?.name}`,
    pull: pull.number,
    sha: pull.headSha,
    event: { id: context.id, name: context.name, payload },
    ...(Number.isFinite(updatedAt) ? { updatedAt } : {}),
  };
}

/** A review event's job: the pull request of the payload, its own identity per delivery (src/queue/job.ts). */
export function approvalsJob(
  context: { id: string; name: string; payload: Payload },
  pull: PullRequestInfo,
): JobData {
  return { ...reviewJob(context, pull), kind: 'approvals' };
}

export function rerunJobs(
  context: { id: string; name: string; payload: Payload },
  headSha: string,
  numbers: number[],
): JobData[] {
  const p = context.payload;
  const common = {
    kind: 'rerun' as const,
    installationId: Number(p.installation?.id),
    repository: `${p.repository?.owner?.login}/${p.repository?.name}`,
    sha: headSha,
  };
  if (numbers.length === 0)
    return [{ ...common, event: { id: context.id, name: context.name, payload: base(p) } }];
  // One job per pull request: its identity is the review's, so a re-run during a review coalesces.
  return numbers.map((n) => ({
    ...common,
    pull: n,
    event: {
      id: numbers.length > 1 ? `${context.id}/${n}` : context.id,
      name: context.name,
      payload: base(p),
    },
  }));
}

export function pushJob(context: { id: string; name: string; payload: Payload }): JobData {
  const p = context.payload;
  const payload = {
    ...base(p),
    ref: p.ref,
    before: p.before,
    after: p.after,
    forced: p.forced,
    deleted: p.deleted,
    created: p.created,
    pusher: p.pusher ? { name: p.pusher.name } : null,
  };
  return {
    kind: 'push',
    installationId: Number(p.installation?.id),
    repository: `${p.repository?.owner?.login}/${p.repository?.name}`,
    sha: String(p.after),
    event: { id: context.id, name: context.name, payload },
  };
}

export function pullFromPayload(pr: Payload): PullRequestInfo {
  return {
    number: pr.number,
    headSha: pr.head.sha,
    baseSha: pr.base.sha,
    baseRef: pr.base.ref,
    draft: pr.draft ?? false,
    state: pr.state,
    ...(typeof pr.changed_files === 'number' ? { changedFiles: pr.changed_files } : {}),
  };
}

/** An older head's job that a newer push overtook: its check run says which commit superseded it. */
async function completeSuperseded(port: GitHubPort, sha: string, newer: string, now: Date): Promise<void> {
  const output = {
    title: `Superseded by ${newer.slice(0, 7)}`,
    summary: `This commit was not reviewed: the pull request moved on to ${newer} before its review started, and gitops-guard reviews that commit instead.`,
  };
  const update = {
    status: 'completed' as const,
    conclusion: 'neutral' as const,
    completed_at: now.toISOString(),
    output,
  };
  const existing = await port.findCheckRun(sha, CHECK_RUN_NAME).catch(() => undefined);
  if (existing) await port.updateCheckRun(existing.id, update);
  else await port.createCheckRun(sha, CHECK_RUN_NAME, update);
}

export interface WorkerDeps {
  app: Probot;
  queue: JobQueue;
  runners: JobRunners;
  metrics?: AppMetrics;
  retry?: RetryPolicy;
  now?: () => Date;
  /** A started review's check run is checked on GitHub this long after (src/app/verify.ts); 0: never. */
  staleReviewMs?: number;
}

/** The worker side: one job, start to end. Throws RunLater to be run again; never leaves a job half-said. */
export function createJobHandler(deps: WorkerDeps): (job: QueuedJob) => Promise<void> {
  const { app, queue, runners, metrics } = deps;
  const now = deps.now ?? (() => new Date());
  const policy = deps.retry ?? DEFAULT_RETRY_POLICY;

  return async (job) => {
    const { data } = job;
    const started = Date.now();
    const log = app.log.child({
      delivery: data.event.id,
      repository: data.repository,
      pull: data.pull,
      sha: data.sha,
      job: job.id,
      attempt: (data.attempts ?? 0) + 1,
    });
    const attempts = data.attempts ?? 0;
    let outcome = 'done';
    let decision: RetryDecision | undefined;
    const retryNote = (error: unknown) =>
      (decision = retryDecision(error, attempts, Date.now(), policy))?.note;
    const installation = String(data.installationId);
    try {
      const octokit = guardAnswers((await app.auth(data.installationId)) as unknown as Octokit, {
        answered: (endpoint, status, headers) => {
          metrics?.githubCalls.inc({ method: endpoint.split(' ')[0]!, status: String(status) });
          const remaining = Number(headers['x-ratelimit-remaining']);
          if (Number.isFinite(remaining)) metrics?.rateLimitRemaining.set({ installation }, remaining);
        },
      });
      const context = new Context(data.event as never, octokit as never, log) as unknown as AnyContext;
      if (data.kind === 'push') {
        await runners.push(context);
        return;
      }
      if (data.kind === 'verify') {
        outcome = await verifyReview(data, queue, runners.port(context), log);
        return;
      }
      if ((data.kind === 'review' || data.kind === 'approvals') && data.pull !== undefined) {
        const newest = await queue.latestHead(data.repository, data.pull);
        if (newest && newest !== data.sha) {
          outcome = 'superseded';
          // A review event on an older head: the newer head's review judges approvals itself.
          if (data.kind === 'approvals') return;
          log.info(
            `gitops-guard: ${data.sha} was superseded by ${newest}; completing its check run as neutral`,
          );
          await completeSuperseded(runners.port(context), data.sha, newest, now());
          return;
        }
      }
      await queue.markStarted(job);
      const verify = verifyJobFor(data, deps.staleReviewMs ?? 0);
      if (verify) await queue.enqueue(verify);
      if (data.kind === 'approvals') {
        const result = await runners.approvals(
          context,
          pullFromPayload((data.event.payload as Payload).pull_request),
          retryNote,
        );
        // The head's review runs in another worker and read the reviews before this one: run again once it is done.
        if (result === 'review-in-progress' && attempts + 1 < policy.maxAttempts) {
          const at = Date.now() + Math.min(policy.baseBackoffMs * 2 ** attempts, policy.maxBackoffMs);
          outcome = 'retry';
          throw new RunLater(at, 'the manifest review of this head is still running', {
            attempts: attempts + 1,
          });
        }
      } else if (data.kind === 'review')
        await runners.review(
          context,
          pullFromPayload((data.event.payload as Payload).pull_request),
          retryNote,
        );
      else await runners.rerun(context, data.sha, data.pull !== undefined ? [data.pull] : [], retryNote);
      await queue.markFinished(job.id);
    } catch (error) {
      if (error instanceof RunLater) throw error;
      decision ??= retryDecision(error, attempts, Date.now(), policy);
      if (decision) {
        outcome = decision.countsAsAttempt ? 'retry' : 'rate-limited';
        log.warn(
          `gitops-guard: ${job.id} runs again at ${new Date(decision.at).toISOString()}: ${describeGitHubError(error)}`,
        );
        throw new RunLater(decision.at, describeGitHubError(error), {
          attempts: decision.countsAsAttempt ? attempts + 1 : attempts,
        });
      }
      outcome = 'failed';
      // Reviews complete their check run themselves; this is what failed before one existed.
      log.error(`gitops-guard: ${job.id} failed: ${describeGitHubError(error)}`);
      await queue.markFinished(job.id).catch(() => undefined);
    } finally {
      metrics?.jobs.inc({ kind: data.kind, outcome });
      metrics?.jobSeconds.observe({ kind: data.kind, outcome }, (Date.now() - started) / 1000);
    }
  };
}
