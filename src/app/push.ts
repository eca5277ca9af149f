import type { Context } from 'probot';
import { atLeast, type Severity } from '../model/index.js';
import { repositoryConfigSchema, resolveRepositoryConfig, type RepositoryConfigInput } from '../repo-checks/config.js';
import { checkPush } from '../repo-checks/push-checks.js';
import { renderRepoChecksMarkdown, checkResultFindings } from '../repo-checks/report.js';
import { runRepoChecks } from '../repo-checks/run-repo-checks.js';
import type { MaybeAvailable, PushedCommit, SnapshotCommit } from '../repo-checks/types.js';
import type { Octokit } from '../github/create-github-port.js';
import { describeGitHubError } from '../github/errors.js';
import { compareCommits, mergedPullRequestsOf } from '../github/fetch-repo-snapshot.js';

/** The check run name (same as the pull request check). */
export const PUSH_CHECK_NAME = 'gitops-guard';

export interface PushPayload {
  ref: string;
  before: string;
  after: string;
  forced: boolean;
  deleted: boolean;
  created?: boolean;
  pusher?: { name?: string } | null;
  repository: { default_branch?: string; name: string; owner: { login?: string; name?: string } | null };
}

type PushContext = Pick<Context, 'log'> & {
  octokit: Octokit;
  payload: PushPayload;
  repo(): { owner: string; repo: string };
  config: (file: string, defaults?: object, options?: object) => Promise<unknown>;
};

export interface PushOptions {
  now?: () => Date;
}

export interface PushOutcome {
  skipped?: string;
  conclusion?: 'success' | 'failure' | 'neutral';
  checkRunId?: number;
  findings?: number;
}

const ZERO = /^0+$/;

/**
 * A push to the default branch or a protected branch: a forced push, commits without a merged
 * pull request, and unsigned commits each fail a check run on the pushed head commit.
 * The commit list comes from the compare API (before...after), not from the payload.
 */
export async function handlePush(context: PushContext, options: PushOptions = {}): Promise<PushOutcome> {
  const p = context.payload;
  const now = options.now ?? (() => new Date());
  if (p.deleted || ZERO.test(p.after)) return { skipped: 'branch deleted' };
  if (!p.ref.startsWith('refs/heads/')) return { skipped: 'not a branch' };
  const branch = p.ref.slice('refs/heads/'.length);
  const { owner, repo } = context.repo();
  const octokit = context.octokit;

  if (branch !== p.repository.default_branch) {
    try {
      const { data } = await octokit.request('GET /repos/{owner}/{repo}/branches/{branch}', { owner, repo, branch });
      if (!data.protected) return { skipped: `${branch} is neither the default branch nor protected` };
    } catch (error) {
      context.log.warn(`gitops-guard: could not tell whether ${branch} is protected: ${describeGitHubError(error)}`);
      return { skipped: 'branch protection unknown' };
    }
  }

  // Configuration from the default branch (Probot's context.config), repository section only.
  const notes: string[] = [];
  let raw: { repository?: unknown; severityThreshold?: Severity; review?: { advisory?: boolean } } | undefined;
  try {
    raw = (await context.config('gitops-guard.yml', {})) as typeof raw;
  } catch (error) {
    notes.push(`The configuration could not be read (${describeGitHubError(error)}); defaults were used.`);
  }
  const parsed = repositoryConfigSchema.safeParse(raw?.repository ?? {});
  if (!parsed.success) notes.push(`Invalid \`repository\` configuration (${parsed.error.issues.map((i) => `repository.${i.path.join('.')}: ${i.message}`).join('; ')}); defaults were used.`);
  const config = resolveRepositoryConfig(parsed.success ? (parsed.data as RepositoryConfigInput) : undefined);
  const threshold: Severity = (['critical', 'high', 'medium', 'low', 'info'] as const).includes(raw?.severityThreshold as Severity) ? raw!.severityThreshold! : 'high';

  // The pushed commits: compare before...after (a created branch has no before to compare with).
  let signed: MaybeAvailable<SnapshotCommit[]>;
  let pushed: MaybeAvailable<PushedCommit[]>;
  let commitCount: number | undefined;
  if (ZERO.test(p.before)) {
    signed = [];
    pushed = [];
    notes.push(`The branch ${branch} was created by this push: there is no earlier state to compare with, so only the forced-push check applies.`);
  } else {
    try {
      const compared = await compareCommits(octokit, owner, repo, p.before, p.after);
      signed = compared.commits;
      commitCount = compared.total;
      const merged = await mergedPullRequestsOf(octokit, owner, repo, branch, compared.commits.map((c) => c.sha));
      pushed = compared.commits.map((c) => ({ sha: c.sha, message: c.message, mergedPullRequests: merged.get(c.sha) ?? [] }));
    } catch (error) {
      signed = { unavailable: describeGitHubError(error) };
      pushed = signed;
    }
  }

  const pushResult = checkPush({ branch, before: p.before, after: p.after, forced: p.forced, pusher: p.pusher?.name, commits: pushed, commitCount }, config);
  const signatures = runRepoChecks({ repository: `${owner}/${repo}`, commits: signed, ...(commitCount !== undefined ? { commitCount } : {}) }, config, ['commit-signatures']);
  const results = [pushResult, ...signatures.results];
  const findings = [...checkResultFindings(pushResult), ...signatures.findings];
  const failing = findings.filter((f) => atLeast(f.severity, threshold));
  const conclusion = failing.length ? (raw?.review?.advisory ? 'neutral' : 'failure') : 'success';
  const title = failing.length ? `${failing.length} problem${failing.length === 1 ? '' : 's'} with the push to ${branch}` : `Push to ${branch}: no problems`;
  const summary = [notes.map((n) => `> ${n}`).join('\n>\n'), renderRepoChecksMarkdown(results)].filter(Boolean).join('\n\n').slice(0, 65_000);
  const { data } = await octokit.request('POST /repos/{owner}/{repo}/check-runs', {
    owner,
    repo,
    name: PUSH_CHECK_NAME,
    head_sha: p.after,
    status: 'completed',
    conclusion,
    completed_at: now().toISOString(),
    output: { title, summary },
  });
  context.log.info(`gitops-guard: push to ${owner}/${repo}@${branch} (${p.after}): ${conclusion}, ${findings.length} finding(s)`);
  return { conclusion, checkRunId: Number(data.id), findings: findings.length };
}
