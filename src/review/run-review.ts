import type { PolicyPack } from '../config/resolve.js';
import type { Rule } from '../engine/index.js';
import { describeGitHubError } from '../github/errors.js';
import { gatherPullRequest } from '../github/gather-pull-request.js';
import type { ExistingCheckRun, GitHubPort, PullRequestInfo, ReviewThread } from '../github/port.js';
import {
  APPROVALS_CHECK_RUN_NAME,
  CHECK_RUN_NAME,
  markerId,
  type CheckConclusion,
  type CheckRunUpdate,
} from '../github/wire-format.js';
import {
  judgeChange,
  resolveSettings,
  type ChangeSnapshot,
  type Judgement,
  type RendererPort,
  type ResolvedSettings,
} from '../judge/index.js';
import type { Finding } from '../model/index.js';
import { planBlock, type ApprovalPlan } from '../approvals/index.js';
import { checkRunUpdates } from '../report/check-run.js';
import { planReview, type RuleText } from '../report/review-comments.js';
import { approvalPlanOf, approvalsAfterReview, failApprovals } from './run-approvals.js';

/**
 * The review of one pull request head: gather → judge → publish, over a GitHubPort.
 * The check run is in progress at once and always completed, whatever fails after it exists.
 * `runReview(pull, deps)` is the entry point the webhook handlers (and a job queue) call.
 */

export interface ReviewDeps {
  port: GitHubPort;
  rules: readonly Rule<unknown>[];
  packs: readonly PolicyPack[];
  now?: () => Date;
  /** This app's id: pins the required status check of the branch-protection baseline. */
  appId?: number;
  /** `owner/name`, for messages. */
  repository?: string;
  /** Renders the Kustomize targets a pull request affects (the sandboxed binary of src/render/exec); absent: files are judged as they are. */
  renderer?: RendererPort;
  log?: { info: (msg: string) => void; warn: (msg: string) => void; error: (msg: string) => void };
  /**
   * Asked when the review fails: a note means the caller's queue runs it again (the check run stays
   * in progress and shows the note, and the error is rethrown); undefined completes it as failed.
   */
  retryNote?: (error: unknown) => string | undefined;
}

export interface ReviewOutcome {
  checkRunId?: number;
  conclusion: CheckConclusion;
  title: string;
  findings: Finding[];
  commentsPosted: number;
  threadsResolved: number;
  /** What failed, when the review could not complete. */
  error?: string;
}

const IN_PROGRESS_OUTPUT = {
  title: 'Reviewing the manifest changes',
  summary: 'gitops-guard is reviewing this pull request.',
};
const QUIET_LOG = { info: () => {}, warn: () => {}, error: () => {} };

export async function runReview(pull: PullRequestInfo, deps: ReviewDeps): Promise<ReviewOutcome> {
  const now = deps.now ?? (() => new Date());
  const log = deps.log ?? QUIET_LOG;
  const { id: checkRunId, existing, approvalsRunId } = await startCheckRun(deps.port, pull, now, log);
  let approvalsOn: boolean | undefined;
  try {
    const resolved = await loadSettings(deps, now);
    approvalsOn = resolved.settings.config.approvals?.enabled !== false;
    const gathered = await gatherPullRequest(deps.port, pull, resolved.settings, {
      threads: commentsOn(pull, resolved),
      repository: deps.repository,
      appId: deps.appId,
      render: deps.renderer !== undefined,
      approvals: approvalsOn,
    });
    const judgement = await judgeChange(gathered.snapshot, resolved.settings, {
      ...(deps.renderer ? { renderer: deps.renderer } : {}),
    });
    const plan = approvalPlanOf(pull, gathered, judgement, resolved.settings);
    const published = await publish(deps, pull, {
      resolved,
      judgement,
      snapshot: gathered.snapshot,
      threads: gathered.threads,
      checkRunId,
      existing,
      now,
      plan,
    });
    // The second check run, once the plan is in the first one's summary (a review event reads it from there).
    if (plan)
      await approvalsAfterReview(
        { port: deps.port, now, log },
        pull,
        plan,
        approvalsRunId,
        gathered.approvals,
      );
    return { ...published, checkRunId };
  } catch (error) {
    const message = describeGitHubError(error);
    const retry = deps.retryNote?.(error);
    if (retry !== undefined) {
      log.warn(`review of #${pull.number} at ${pull.headSha} will be retried: ${message}`);
      await deps.port
        .updateCheckRun(checkRunId, {
          status: 'in_progress',
          output: { title: 'Review delayed', summary: `${message}\n\n${retry}` },
        })
        .catch(() => undefined);
      throw error;
    }
    log.error(`review of #${pull.number} at ${pull.headSha} failed: ${message}`);
    const title = 'gitops-guard could not complete the review';
    try {
      await deps.port.updateCheckRun(checkRunId, {
        status: 'completed',
        conclusion: 'failure',
        completed_at: now().toISOString(),
        output: {
          title,
          summary: `**The review failed, so this change was not checked.**\n\n${message}\n\nRe-run the check once the cause is fixed (the "Re-run" button re-runs gitops-guard).`,
        },
      });
    } catch (completeError) {
      log.error(`could not complete check run ${checkRunId}: ${describeGitHubError(completeError)}`);
    }
    if (approvalsOn !== false)
      await failApprovals(
        { port: deps.port, now, log },
        pull,
        undefined,
        `the manifest review failed (${message}), so what the change requires is unknown. Re-run gitops-guard once the cause is fixed.`,
      );
    return {
      checkRunId,
      conclusion: 'failure',
      title,
      findings: [],
      commentsPosted: 0,
      threadsResolved: 0,
      error: message,
    };
  }
}

/**
 * Our check run on this SHA, in progress: reused on a redelivery or re-run, else created. One
 * listing of our runs on the head finds both ours: this one and the approvals run (undefined:
 * the listing failed, and the approvals look theirs up again; null: there is none yet).
 */
async function startCheckRun(
  port: GitHubPort,
  pull: PullRequestInfo,
  now: () => Date,
  log: NonNullable<ReviewDeps['log']>,
): Promise<{ id: number; existing?: ExistingCheckRun; approvalsRunId?: number | null }> {
  let existing: ExistingCheckRun | undefined;
  let approvalsRunId: number | null | undefined;
  try {
    const runs = await port.listCheckRuns(pull.headSha);
    const review = runs.find((r) => r.name === CHECK_RUN_NAME);
    if (review)
      existing = { id: review.id, annotationsCount: review.annotationsCount, status: review.status };
    approvalsRunId = runs.find((r) => r.name === APPROVALS_CHECK_RUN_NAME)?.id ?? null;
  } catch (error) {
    log.warn(`could not list check runs, creating a new one: ${describeGitHubError(error)}`);
  }
  const started: CheckRunUpdate = {
    status: 'in_progress',
    started_at: now().toISOString(),
    output: IN_PROGRESS_OUTPUT,
  };
  if (existing) {
    await port.updateCheckRun(existing.id, started);
    return { id: existing.id, existing, approvalsRunId };
  }
  return { id: await port.createCheckRun(pull.headSha, CHECK_RUN_NAME, started), approvalsRunId };
}

/** Configuration from the default branch only (Probot's `context.config`): a pull request cannot relax its own checks. */
async function loadSettings(deps: ReviewDeps, now: () => Date): Promise<ResolvedSettings> {
  let raw: unknown;
  let readError: { key: string; message: string } | undefined;
  try {
    raw = await deps.port.loadConfig();
  } catch (error) {
    // A GitHub failure is a failure; a file that does not parse is a configuration error (safe defaults).
    if (typeof (error as { status?: unknown }).status === 'number') throw error;
    readError = {
      key: '.github/gitops-guard.yml',
      message: (error as Error).message.replace(/^\[@probot\/octokit-plugin-config\] /, ''),
    };
  }
  const resolved = resolveSettings({
    raw,
    rules: deps.rules,
    packs: deps.packs,
    today: now().toISOString().slice(0, 10),
  });
  return readError ? { ...resolved, errors: [readError, ...resolved.errors] } : resolved;
}

function commentsOn(pull: PullRequestInfo, { settings }: ResolvedSettings): boolean {
  const review = settings.config.review;
  return review?.comments !== 'off' && (!pull.draft || review?.drafts === true);
}

interface Publication {
  resolved: ResolvedSettings;
  judgement: Judgement;
  snapshot: ChangeSnapshot;
  threads: ReviewThread[];
  checkRunId: number;
  existing?: ExistingCheckRun;
  now: () => Date;
  /** The approval plan, kept in the summary's hidden first line. */
  plan?: ApprovalPlan;
}

/** One review with inline comments, stale threads resolved, then the check run completed. */
async function publish(
  deps: ReviewDeps,
  pull: PullRequestInfo,
  p: Publication,
): Promise<Omit<ReviewOutcome, 'checkRunId'>> {
  const { settings, errors } = p.resolved;
  const notes: string[] = [];
  const review =
    commentsOn(pull, p.resolved) && p.judgement.manifestCount > 0
      ? await publishReview(deps, pull, p, notes)
      : { commentsPosted: 0, threadsResolved: 0 };
  if (
    pull.draft &&
    settings.config.review?.comments !== 'off' &&
    !commentsOn(pull, p.resolved) &&
    p.judgement.manifestCount > 0
  )
    notes.push('Draft pull request: no review comments (set `review.drafts: true` to comment on drafts).');
  const updates = checkRunUpdates({
    judgement: p.judgement,
    threshold: settings.threshold,
    advisory: settings.advisory,
    configErrors: errors,
    configFile: settings.configFile,
    notes,
    existingAnnotations: p.existing?.annotationsCount ?? 0,
    completedAt: p.now().toISOString(),
    ...(p.plan ? { hiddenBlock: planBlock(p.plan) } : {}),
  });
  for (const update of updates) await deps.port.updateCheckRun(p.checkRunId, update);
  const first = updates[0]!;
  return {
    conclusion: first.conclusion!,
    title: first.output!.title,
    findings: [...p.judgement.findings, ...(p.judgement.repository?.findings ?? [])],
    ...review,
  };
}

/** Inline comments on introduced findings inside the diff (never repeating a fingerprint); threads of ours whose finding is gone are resolved. */
async function publishReview(
  deps: ReviewDeps,
  pull: PullRequestInfo,
  p: Publication,
  notes: string[],
): Promise<{ commentsPosted: number; threadsResolved: number }> {
  const { judgement, threads } = p;
  const maxComments = p.resolved.settings.config.review?.maxComments;
  let commentsPosted = 0;
  let threadsResolved = 0;
  const plan = planReview({
    commitId: pull.headSha,
    findings: judgement.findings,
    patches: new Map(p.snapshot.manifests.map((f) => [f.path, f.patch])),
    alreadyCommented: new Set(threads.map((t) => t.fingerprint)),
    ruleText: ruleTextLookup([...deps.rules, ...judgement.policyRules]),
    maxComments,
  });
  if (plan.review) {
    try {
      await deps.port.createReview(pull.number, plan.review);
      commentsPosted = plan.review.comments.length;
    } catch (error) {
      notes.push(
        `Review comments could not be posted: ${describeGitHubError(error)}. The annotations below still show every introduced finding.`,
      );
    }
  }
  if (plan.overflow.length)
    notes.push(
      `${plan.overflow.length} introduced finding(s) on changed lines were not commented inline (at most ${maxComments ?? 30} comments per review).`,
    );

  const stillThere = new Set(
    [...judgement.findings, ...(judgement.repository?.findings ?? [])]
      .filter((f) => f.status !== 'fixed' && !f.suppressed)
      .map((f) => markerId(f.fingerprint)),
  );
  const stale = threads.filter((t) => !t.isResolved && !stillThere.has(t.fingerprint)).map((t) => t.id);
  if (stale.length) {
    try {
      await deps.port.resolveThreads(stale);
      threadsResolved = stale.length;
    } catch (error) {
      notes.push(
        `${stale.length} review thread(s) about fixed findings could not be resolved: ${describeGitHubError(error)}.`,
      );
    }
  }
  return { commentsPosted, threadsResolved };
}

function ruleTextLookup(rules: readonly Rule<unknown>[]): (id: string) => RuleText | undefined {
  const byId = new Map(rules.map((r) => [r.id, r]));
  return (id) => {
    const rule = byId.get(id);
    return rule
      ? { title: rule.title, description: rule.description, remediation: rule.remediation }
      : undefined;
  };
}
