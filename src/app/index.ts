import type { ApplicationFunction, Context, Probot } from 'probot';
import type { PolicyPack } from '../config/resolve.js';
import type { Rule } from '../engine/index.js';
import { createGitHubPort } from '../github/create-github-port.js';
import type { PullRequestInfo } from '../github/port.js';
import { CHECK_RUN_NAME } from '../github/wire-format.js';
import { runReview, type ReviewOutcome } from '../review/run-review.js';
import { builtinRules } from '../rules/index.js';
import { loadBuiltinPacks } from './builtin-packs.js';
import { handlePush } from './push.js';

/** Probot wiring only: events -> one review pipeline. */

export interface AppOptions {
  /** Our GitHub App id: check runs of other apps with the same name are ignored. Default: env APP_ID. */
  appId?: number;
  rules?: readonly Rule<unknown>[];
  packs?: readonly PolicyPack[];
  now?: () => Date;
  /** Longest 403/429 retry-after to wait for once (seconds). */
  maxRetryAfterSeconds?: number;
  sleep?: (ms: number) => Promise<void>;
}

export const PULL_REQUEST_EVENTS = ['pull_request.opened', 'pull_request.synchronize', 'pull_request.reopened', 'pull_request.ready_for_review'] as const;

/** What the handlers use of Probot's context (any event). */
type AnyContext = Pick<Context, 'octokit' | 'config' | 'log' | 'id'> & { repo(): { owner: string; repo: string } };

export function createApp(options: AppOptions = {}): ApplicationFunction {
  return (app: Probot) => {
    const rules = options.rules ?? builtinRules;
    const packs = options.packs ?? loadBuiltinPacks();
    const appId = options.appId ?? (Number(process.env.APP_ID) || undefined);

    const review = (context: AnyContext, pull: PullRequestInfo): Promise<ReviewOutcome> => {
      const { owner, repo } = context.repo();
      const port = createGitHubPort(context.octokit, {
        owner,
        repo,
        appId,
        maxRetryAfterSeconds: options.maxRetryAfterSeconds,
        sleep: options.sleep,
        log: (m) => context.log.info(`gitops-guard: ${m}`),
        // Probot reads .github/gitops-guard.yml from the default branch, follows `_extends` and
        // falls back to the organisation's `.github` repository. Lists in a repository's file replace the org's.
        loadConfig: () => context.config('gitops-guard.yml', {}, { arrayMerge: (_target: unknown[], source: unknown[]) => source }),
      });
      context.log.info(`gitops-guard: reviewing ${owner}/${repo}#${pull.number} at ${pull.headSha} (delivery ${context.id})`);
      return runReview(pull, {
        port,
        rules,
        packs,
        now: options.now,
        appId,
        repository: `${owner}/${repo}`,
        log: { info: (m) => context.log.info(m), warn: (m) => context.log.warn(m), error: (m) => context.log.error(m) },
      });
    };

    app.on([...PULL_REQUEST_EVENTS], async (context) => {
      await review(context as unknown as AnyContext, fromPayload(context.payload.pull_request));
    });

    app.on('pull_request.edited', async (context) => {
      // Only a new base branch changes what the pull request merges; title and body edits do not.
      if (!context.payload.changes.base) return;
      await review(context as unknown as AnyContext, fromPayload(context.payload.pull_request));
    });

    // Repository checks on pushes to the default or a protected branch (src/app/push.ts).
    app.on('push', async (context) => {
      await handlePush(context as unknown as Parameters<typeof handlePush>[0], { now: options.now });
    });

    app.on('check_run.rerequested', async (context) => {
      if (context.payload.check_run.name !== CHECK_RUN_NAME) return;
      const run = context.payload.check_run;
      await rerun(context as unknown as AnyContext, run.head_sha, run.pull_requests.map((p) => p.number));
    });

    app.on('check_suite.rerequested', async (context) => {
      const suite = context.payload.check_suite;
      await rerun(context as unknown as AnyContext, suite.head_sha, suite.pull_requests.map((p) => p.number));
    });

    /** A re-run names the head SHA; the pull request comes from the payload or, for forks, from the commit. */
    async function rerun(context: AnyContext, headSha: string, numbers: number[]) {
      const { owner, repo } = context.repo();
      const port = createGitHubPort(context.octokit, { owner, repo, appId, loadConfig: async () => undefined });
      const pulls = numbers.length ? await Promise.all(numbers.map((n) => port.getPullRequest(n))) : await port.pullRequestsForCommit(headSha);
      const open = pulls.filter((p) => p.state === 'open' && p.headSha === headSha);
      if (open.length === 0) context.log.info(`gitops-guard: no open pull request has head ${headSha}; nothing to re-run`);
      for (const pull of open) await review(context, pull);
    }
  };
}

function fromPayload(pr: { number: number; head: { sha: string }; base: { sha: string; ref: string }; draft?: boolean; state: string; changed_files?: number }): PullRequestInfo {
  return { number: pr.number, headSha: pr.head.sha, baseSha: pr.base.sha, baseRef: pr.base.ref, draft: pr.draft ?? false, state: pr.state, ...(typeof pr.changed_files === 'number' ? { changedFiles: pr.changed_files } : {}) };
}

export default createApp();
