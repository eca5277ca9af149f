import {
  invalidatesApprovals,
  judgeApprovals,
  planApprovals,
  readPlanBlock,
  readStateBlock,
  stateBlock,
  type ApprovalPlan,
  type ApprovalsState,
} from '../approvals/index.js';
import type { PrefetchedApprovalFacts } from '../github/approval-facts.js';
import { describeGitHubError } from '../github/errors.js';
import type { GatheredPullRequest } from '../github/gather-pull-request.js';
import type { GitHubPort, PullRequestInfo } from '../github/port.js';
import { APPROVALS_CHECK_RUN_NAME, CHECK_RUN_NAME, type CheckRunUpdate } from '../github/wire-format.js';
import type { Judgement, Settings } from '../judge/index.js';
import type { MaybeAvailable } from '../repo-checks/index.js';
import { approvalsCheckRun, approvalsNotJudged } from '../report/approvals-check-run.js';

/**
 * Separation of duties (docs/approvals.md), over the port: the manifest review plans the
 * requirements of its head (kept in its check run's hidden block) and judges them at once; a
 * `pull_request_review` event reads the plan back and judges again, in a few calls:
 * our check runs on the head (one call, both summaries), the reviews, commits and team members
 * (one GraphQL query), the approvals run written (one call), plus one compare for each approved
 * commit not yet known to have the head's deployed content.
 */

/** Compares per event for approvals given on older commits; the rest stay unknown (not counted). */
const MAX_STALE_COMPARES = 3;

export interface ApprovalsDeps {
  port: GitHubPort;
  now: () => Date;
  log: { info: (msg: string) => void; warn: (msg: string) => void };
}

/** The plan of a reviewed head, or undefined when `approvals.enabled` is false. */
export function approvalPlanOf(
  pull: PullRequestInfo,
  gathered: GatheredPullRequest,
  judgement: Judgement,
  settings: Settings,
): ApprovalPlan | undefined {
  if (settings.config.approvals?.enabled === false) return undefined;
  return planApprovals({
    headSha: pull.headSha,
    changedPaths: gathered.snapshot.changedPaths,
    manifests: gathered.snapshot.manifests,
    findings: judgement.findings,
    resources: judgement.resources,
    config: settings.config,
    production: settings.options.production,
    configFile: settings.configFile,
    codeowners: gathered.baseCodeowners,
  });
}

/** Teams whose membership decides something in this plan. */
function teamsOf(plan: ApprovalPlan): string[] {
  const owners = plan.requirements.flatMap((r) => r.owners.filter((o) => /^@[^/]+\/.+/.test(o)));
  const separation = plan.requirements.some((r) => r.separateFromAuthorTeams) ? plan.teams : [];
  return [...new Set([...owners, ...separation])];
}

async function writeRun(
  port: GitHubPort,
  headSha: string,
  runId: number | undefined,
  update: CheckRunUpdate,
): Promise<number> {
  if (runId !== undefined) {
    await port.updateCheckRun(runId, update);
    return runId;
  }
  return port.createCheckRun(headSha, APPROVALS_CHECK_RUN_NAME, update);
}

export interface ApprovalsOutcome {
  checkRunId: number;
  conclusion: string;
  title: string;
}

/** Gathers reviews, commits and teams, judges the plan, writes the approvals run (created when `runId` is not given). */
async function judgeAndPublishApprovals(
  deps: ApprovalsDeps,
  pull: PullRequestInfo,
  plan: ApprovalPlan,
  known: { runId?: number; state?: ApprovalsState; prefetched?: PrefetchedApprovalFacts } = {},
): Promise<ApprovalsOutcome> {
  const facts = await deps.port.readApprovalFacts(
    { pullNumber: pull.number, teams: teamsOf(plan) },
    known.prefetched,
  );
  const changed: Record<string, MaybeAvailable<boolean>> = { ...known.state?.deployChangedSince };
  if (!plan.countStale) {
    const older = [
      ...new Set(
        facts.reviews
          .filter((r) => r.state === 'APPROVED' && r.commitSha && r.commitSha !== pull.headSha)
          .map((r) => r.commitSha!),
      ),
    ].filter((sha) => changed[sha] === undefined);
    for (const [i, sha] of older.entries()) {
      if (i >= MAX_STALE_COMPARES) {
        changed[sha] = {
          unavailable: `more than ${MAX_STALE_COMPARES} older commits to compare in one event`,
        };
        continue;
      }
      try {
        const between = await deps.port.changedPathsBetween(sha, pull.headSha);
        changed[sha] =
          !between.complete || between.paths.some((p) => invalidatesApprovals(p, plan.deployPaths));
      } catch (error) {
        changed[sha] = { unavailable: describeGitHubError(error) };
      }
    }
  }
  const judgement = judgeApprovals(plan, {
    headSha: pull.headSha,
    ...(facts.author ? { author: facts.author } : {}),
    reviews: facts.reviews,
    commits: facts.commits,
    teams: facts.teams,
    deployChangedSince: changed,
  });
  const definite = Object.fromEntries(
    Object.entries(changed).filter((e): e is [string, boolean] => typeof e[1] === 'boolean'),
  );
  const update = approvalsCheckRun({
    judgement,
    stateBlock: stateBlock({ version: 1, headSha: pull.headSha, deployChangedSince: definite }),
    advisory: plan.advisory,
    completedAt: deps.now().toISOString(),
  });
  const checkRunId = await writeRun(deps.port, pull.headSha, known.runId, update);
  return { checkRunId, conclusion: update.conclusion!, title: update.output!.title };
}

/**
 * Right after the manifest review of a head: judge its plan; a failure completes the run saying so,
 * never left unsaid. `listedRunId`: the approvals run the review's own listing of the head found
 * (null: none), so it is not looked up again; undefined: looked up here. `prefetched`: the facts the
 * review's blob queries already read (only what they lack is asked).
 */
export async function approvalsAfterReview(
  deps: ApprovalsDeps,
  pull: PullRequestInfo,
  plan: ApprovalPlan,
  listedRunId?: number | null,
  prefetched?: PrefetchedApprovalFacts,
): Promise<ApprovalsOutcome | undefined> {
  let runId: number | undefined = listedRunId ?? undefined;
  try {
    if (listedRunId === undefined)
      runId = (await deps.port.findCheckRun(pull.headSha, APPROVALS_CHECK_RUN_NAME))?.id;
    return await judgeAndPublishApprovals(deps, pull, plan, { runId, prefetched });
  } catch (error) {
    await failApprovals(
      deps,
      pull,
      runId,
      `GitHub failed while the approvals were judged: ${describeGitHubError(error)}. Re-run this check to try again.`,
    );
    return undefined;
  }
}

/** Completes the approvals run as not evaluated (the manifest review failed, or GitHub did). Best effort. */
export async function failApprovals(
  deps: ApprovalsDeps,
  pull: PullRequestInfo,
  runId: number | undefined,
  reason: string,
): Promise<void> {
  try {
    const id = runId ?? (await deps.port.findCheckRun(pull.headSha, APPROVALS_CHECK_RUN_NAME))?.id;
    await writeRun(deps.port, pull.headSha, id, approvalsNotJudged(reason, deps.now().toISOString()));
  } catch (error) {
    deps.log.warn(
      `could not complete the approvals check run of ${pull.headSha}: ${describeGitHubError(error)}`,
    );
  }
}

/**
 * The approvals job of a review event: judged again; a GitHub failure is retried by the queue when
 * `retryNote` says so, else the approvals run says what failed (never a silent pass).
 */
export async function runApprovalsEvent(
  deps: ApprovalsDeps,
  pull: PullRequestInfo,
  retryNote?: (error: unknown) => string | undefined,
): Promise<ReviewEventResult> {
  try {
    return await approvalsOnReviewEvent(deps, pull);
  } catch (error) {
    if (retryNote?.(error) !== undefined) throw error;
    await failApprovals(
      deps,
      pull,
      undefined,
      `GitHub failed while the approvals were judged: ${describeGitHubError(error)}. Re-run this check to try again.`,
    );
    return 'not-judged';
  }
}

export type ReviewEventResult = 'judged' | 'needs-review' | 'review-in-progress' | 'not-judged' | 'disabled';

/**
 * A review was submitted, edited or dismissed (or the approvals run re-requested): judge the head's
 * plan again from the manifest review's check run. Without one, the caller runs the review (which
 * judges approvals too); while it runs, it will judge them when done.
 */
async function approvalsOnReviewEvent(
  deps: ApprovalsDeps,
  pull: PullRequestInfo,
): Promise<ReviewEventResult> {
  const runs = await deps.port.listCheckRuns(pull.headSha);
  const review = runs.find((r) => r.name === CHECK_RUN_NAME);
  const approvals = runs.find((r) => r.name === APPROVALS_CHECK_RUN_NAME);
  if (!review) return 'needs-review';
  if (review.status !== 'completed') return 'review-in-progress';
  const plan = readPlanBlock(review.summary, pull.headSha);
  if (!plan) {
    // No plan: approvals are off (no run of ours), or the review of this head did not complete.
    if (!approvals) return 'disabled';
    await writeRun(
      deps.port,
      pull.headSha,
      approvals.id,
      approvalsNotJudged(
        'The manifest review of this commit did not complete, so what the change requires is unknown. Re-run gitops-guard on this commit.',
        deps.now().toISOString(),
      ),
    );
    return 'not-judged';
  }
  const state = readStateBlock(approvals?.summary, pull.headSha);
  await judgeAndPublishApprovals(deps, pull, plan, { runId: approvals?.id, ...(state ? { state } : {}) });
  return 'judged';
}
