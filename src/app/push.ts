import type { PolicyPack } from '../config/resolve.js';
import type { Rule } from '../engine/index.js';
import { describeGitHubError } from '../github/errors.js';
import type { GitHubPort } from '../github/port.js';
import { CHECK_RUN_NAME } from '../github/wire-format.js';
import { judgePush, resolveSettings, type PushFacts, type Settings } from '../judge/index.js';
import { pushCheckRun } from '../report/check-run.js';

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

export interface PushDeps {
  port: GitHubPort;
  rules: readonly Rule<unknown>[];
  packs: readonly PolicyPack[];
  /** `owner/name`. */
  repository: string;
  now?: () => Date;
  log?: { info: (msg: string) => void; warn: (msg: string) => void };
}

export interface PushOutcome {
  skipped?: string;
  conclusion?: 'success' | 'failure' | 'neutral';
  checkRunId?: number;
  findings?: number;
}

const ZERO = /^0+$/;

/**
 * A push to the default branch or a protected branch, as gather → judge → publish over the port:
 * a forced push, commits without a merged pull request, and unsigned commits each fail a check
 * run on the pushed head commit. The commits come from the compare API (before...after), not
 * from the payload.
 */
export async function handlePush(payload: PushPayload, deps: PushDeps): Promise<PushOutcome> {
  const now = deps.now ?? (() => new Date());
  if (payload.deleted || ZERO.test(payload.after)) return { skipped: 'branch deleted' };
  if (!payload.ref.startsWith('refs/heads/')) return { skipped: 'not a branch' };
  const branch = payload.ref.slice('refs/heads/'.length);
  const { port } = deps;

  if (branch !== payload.repository.default_branch) {
    try {
      if (!(await port.isBranchProtected(branch)))
        return { skipped: `${branch} is neither the default branch nor protected` };
    } catch (error) {
      deps.log?.warn(
        `gitops-guard: could not tell whether ${branch} is protected: ${describeGitHubError(error)}`,
      );
      return { skipped: 'branch protection unknown' };
    }
  }

  const notes: string[] = [];
  const settings = await pushSettings(deps, now, notes);
  const facts = await gatherPush(port, payload, branch, deps.repository, notes);
  const judgement = judgePush(facts, settings);
  const update = pushCheckRun(judgement, { advisory: settings.advisory, completedAt: now().toISOString() });
  const checkRunId = await port.createCheckRun(payload.after, CHECK_RUN_NAME, update);
  deps.log?.info(
    `gitops-guard: push to ${deps.repository}@${branch} (${payload.after}): ${update.conclusion}, ${judgement.findings.length} finding(s)`,
  );
  return {
    conclusion: update.conclusion as PushOutcome['conclusion'],
    checkRunId,
    findings: judgement.findings.length,
  };
}

/** Configuration from the default branch; any problem is said and the safe defaults apply. */
async function pushSettings(deps: PushDeps, now: () => Date, notes: string[]): Promise<Settings> {
  let raw: unknown;
  try {
    raw = await deps.port.loadConfig();
  } catch (error) {
    notes.push(`The configuration could not be read (${describeGitHubError(error)}); defaults were used.`);
  }
  const { settings, errors } = resolveSettings({
    raw,
    rules: deps.rules,
    packs: deps.packs,
    today: now().toISOString().slice(0, 10),
  });
  if (errors.length)
    notes.push(
      `Invalid configuration (${errors.map((e) => `${e.key}: ${e.message}`).join('; ')}); defaults were used.`,
    );
  return settings;
}

/** The pushed commits (a created branch has no earlier state to compare with). */
async function gatherPush(
  port: GitHubPort,
  payload: PushPayload,
  branch: string,
  repository: string,
  notes: string[],
): Promise<PushFacts> {
  const push = {
    branch,
    before: payload.before,
    after: payload.after,
    forced: payload.forced,
    ...(payload.pusher?.name ? { pusher: payload.pusher.name } : {}),
  };
  if (ZERO.test(payload.before)) {
    notes.push(
      `The branch ${branch} was created by this push: there is no earlier state to compare with, so only the forced-push check applies.`,
    );
    return { push: { ...push, commits: [] }, commits: [], repository, notes };
  }
  try {
    const read = await port.pushedCommits(payload.before, payload.after, branch);
    const pushed = read.commits.map((c) => ({
      sha: c.sha,
      message: c.message,
      mergedPullRequests: read.mergedPullRequests.get(c.sha) ?? [],
    }));
    return {
      push: { ...push, commits: pushed, commitCount: read.total },
      commits: read.commits,
      commitCount: read.total,
      repository,
      notes,
    };
  } catch (error) {
    const unavailable = { unavailable: describeGitHubError(error) };
    return { push: { ...push, commits: unavailable }, commits: unavailable, repository, notes };
  }
}
