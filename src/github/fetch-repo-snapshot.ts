import { classicProtectionFromError } from '../repo-checks/branch-protection.js';
import type {
  ClassicProtection,
  ClassicProtectionState,
  CodeownersApiError,
  MaybeAvailable,
  ProtectionSnapshot,
  RepoSnapshot,
  SnapshotCommit,
} from '../repo-checks/types.js';
import type { BranchRulesRead } from './port.js';
import { completeBranchRules, fetchBranchRules } from './branch-rules.js';
import type { Octokit } from './create-github-port.js';
import { describeGitHubError } from './errors.js';

/**
 * Gathers the data of the repository checks (src/repo-checks) from GitHub, in a number of calls
 * that does not grow with the number of changed files:
 * compare base...head (commits with verification, 100 per page, past the 250-commit limit of
 * `pulls/{n}/commits`; in the review, page 1 comes with the changed files), one GraphQL query for
 * CODEOWNERS at base (and head), codeowners/errors (only for a CODEOWNERS the pull request changes,
 * at its head), classic protection (REST), the branch's ruleset rules with the rulesets' names and
 * bypass actors (GraphQL `Ref.rules`, see branch-rules.ts; in the review they ride in the blob query).
 * A failed call becomes `{unavailable: why}` for its part, never an exception.
 */

/** Stop paginating commits past this many (40 pages). */
const MAX_COMMITS = 4000;
const COMMITS_PER_PAGE = 100;

interface ErrorLike {
  status?: number;
  message?: string;
  response?: { data?: unknown };
}

function statusOf(error: unknown): number | undefined {
  const status = (error as ErrorLike)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** GitHub's own message (`Branch not protected`), without Octokit's documentation suffix. */
function githubMessage(error: unknown): string {
  const data = (error as ErrorLike)?.response?.data as { message?: unknown } | undefined;
  if (typeof data?.message === 'string') return data.message;
  return String((error as ErrorLike)?.message ?? error).replace(/ - https:\/\/docs\.github\.com\S*/g, '');
}

const unavailable = (error: unknown) => ({
  unavailable: describeGitHubError(error),
  ...(statusOf(error) ? { status: statusOf(error) } : {}),
});

interface RestCommit {
  sha: string;
  author?: { login?: string; type?: string } | null;
  committer?: { login?: string; type?: string } | null;
  commit: {
    message?: string;
    author?: { name?: string; email?: string } | null;
    committer?: { name?: string; email?: string } | null;
    verification?: { verified: boolean; reason: string; signature?: string | null } | null;
  };
}

export function toSnapshotCommit(c: RestCommit): SnapshotCommit {
  return {
    sha: c.sha,
    author: {
      ...(c.author?.login ? { login: c.author.login, type: c.author.type } : {}),
      name: c.commit.author?.name,
      email: c.commit.author?.email,
    },
    committer: {
      ...(c.committer?.login ? { login: c.committer.login, type: c.committer.type } : {}),
      name: c.commit.committer?.name,
      email: c.commit.committer?.email,
    },
    verification: c.commit.verification
      ? {
          verified: c.commit.verification.verified,
          reason: c.commit.verification.reason,
          signature: c.commit.verification.signature ?? null,
        }
      : { verified: false, reason: 'unsigned' },
    message: c.commit.message?.split('\n')[0],
  };
}

export interface ComparedCommits {
  commits: SnapshotCommit[];
  total: number;
  /** `diverged`, `ahead`, `behind`, `identical`. */
  status?: string;
}

/**
 * Every commit of `base...head` (three dots: from the merge base), with its verification.
 * `firstPage`: page 1 already read (the review's compare call that listed the changed files);
 * further pages are fetched only when GitHub's total says there are more.
 */
export async function compareCommits(
  octokit: Octokit,
  owner: string,
  repo: string,
  base: string,
  head: string,
  firstPage?: { commits: SnapshotCommit[]; total: number },
): Promise<ComparedCommits> {
  const commits: SnapshotCommit[] = [];
  let total = 0;
  let status: string | undefined;
  let page = 1;
  if (firstPage) {
    commits.push(...firstPage.commits);
    total = firstPage.total;
    if (firstPage.commits.length < COMMITS_PER_PAGE || commits.length >= total) return { commits, total };
    page = 2;
  }
  for (; commits.length < MAX_COMMITS; page++) {
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/compare/{basehead}', {
      owner,
      repo,
      basehead: `${base}...${head}`,
      per_page: COMMITS_PER_PAGE,
      page,
    });
    total = data.total_commits;
    status = data.status;
    commits.push(...(data.commits as RestCommit[]).map(toSnapshotCommit));
    if (data.commits.length < COMMITS_PER_PAGE || commits.length >= total) break;
  }
  return { commits, total, status };
}

async function fetchCodeownersErrors(
  octokit: Octokit,
  owner: string,
  repo: string,
  ref: string,
): Promise<MaybeAvailable<CodeownersApiError[]>> {
  try {
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/codeowners/errors', {
      owner,
      repo,
      ref,
    });
    return data.errors.map((e) => ({
      line: e.line,
      column: e.column,
      kind: e.kind,
      message: e.message,
      suggestion: e.suggestion ?? null,
      path: e.path,
    }));
  } catch (error) {
    // 404: no CODEOWNERS file at that ref (nothing to report).
    if (statusOf(error) === 404) return [];
    return unavailable(error);
  }
}

/** Classic protection of `branch` (REST), 403 and 404 told apart. */
async function fetchClassicProtection(
  octokit: Octokit,
  owner: string,
  repo: string,
  branch: string,
): Promise<ClassicProtectionState> {
  try {
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/branches/{branch}/protection', {
      owner,
      repo,
      branch,
    });
    return { protected: true, data: data as ClassicProtection };
  } catch (error) {
    const status = statusOf(error);
    return status ? classicProtectionFromError(status, githubMessage(error)) : unavailable(error);
  }
}

/**
 * Classic protection (REST) and the ruleset rules of `branch` (GraphQL `Ref.rules`; `rules`: already
 * read in the review's blob query, else one query of its own), in parallel.
 */
async function fetchProtection(
  octokit: Octokit,
  owner: string,
  repo: string,
  branch: string,
  rules?: BranchRulesRead,
): Promise<ProtectionSnapshot> {
  const [classic, read] = await Promise.all([
    fetchClassicProtection(octokit, owner, repo, branch),
    rules ? completeBranchRules(octokit, owner, repo, rules) : fetchBranchRules(octokit, owner, repo, branch),
  ]);
  return { branch, classic, rules: read.rules, ...(read.rulesets ? { rulesets: read.rulesets } : {}) };
}

export interface RepoCheckDataInput {
  baseSha: string;
  headSha: string;
  baseRef: string;
  commits: boolean;
  /** The first page of commits, already read with the changed files. */
  firstCommits?: { commits: SnapshotCommit[]; total: number };
  /** Ask GitHub's CODEOWNERS errors at this ref (the head SHA when the pull request changes CODEOWNERS). */
  codeownersErrorsRef?: string;
  protection: boolean;
  /** The base branch's rules, already read in the review's blob query. */
  branchRules?: BranchRulesRead;
}

/**
 * The rest of a pull request's snapshot, for the review pipeline (which already has the changed
 * files and reads CODEOWNERS and the branch rules in its own blob query): the calls run in
 * parallel, each failure is `{unavailable}` for its part.
 */
export async function fetchRepoCheckData(
  octokit: Octokit,
  owner: string,
  repo: string,
  input: RepoCheckDataInput,
): Promise<Pick<RepoSnapshot, 'commits' | 'commitCount' | 'codeownersErrors' | 'protection'>> {
  const [commits, codeownersErrors, protection] = await Promise.all([
    input.commits
      ? compareCommits(octokit, owner, repo, input.baseSha, input.headSha, input.firstCommits).catch(
          (error: unknown) => unavailable(error),
        )
      : undefined,
    input.codeownersErrorsRef
      ? fetchCodeownersErrors(octokit, owner, repo, input.codeownersErrorsRef)
      : undefined,
    input.protection ? fetchProtection(octokit, owner, repo, input.baseRef, input.branchRules) : undefined,
  ]);
  const out: Pick<RepoSnapshot, 'commits' | 'commitCount' | 'codeownersErrors' | 'protection'> = {};
  if (commits) {
    if ('unavailable' in commits) out.commits = commits;
    else {
      out.commits = commits.commits;
      out.commitCount = commits.total;
    }
  }
  if (codeownersErrors) out.codeownersErrors = codeownersErrors;
  if (protection) out.protection = protection;
  return out;
}

/** Commits per associated-pull-requests query. */
const COMMITS_PER_QUERY = 100;

export function associatedPullRequestsQuery(shas: readonly string[]): {
  query: string;
  variables: Record<string, string>;
} {
  const declarations = ['$owner: String!', '$repo: String!', ...shas.map((_, i) => `$o${i}: GitObjectID!`)];
  const fields = shas.map(
    (_, i) =>
      `c${i}: object(oid: $o${i}) { ... on Commit { associatedPullRequests(first: 10) { nodes { number merged baseRefName } } } }`,
  );
  const variables = Object.fromEntries(shas.map((sha, i) => [`o${i}`, sha]));
  return {
    query: `query pushedCommits(${declarations.join(', ')}) {\n  repository(owner: $owner, name: $repo) {\n    ${fields.join('\n    ')}\n  }\n}`,
    variables,
  };
}

type PullNodes = {
  associatedPullRequests?: { nodes: ({ number: number; merged: boolean; baseRefName: string } | null)[] };
} | null;

/** For each commit, the merged pull requests into `branch` that GitHub associates with it. */
export async function mergedPullRequestsOf(
  octokit: Octokit,
  owner: string,
  repo: string,
  branch: string,
  shas: readonly string[],
): Promise<Map<string, number[]>> {
  const result = new Map<string, number[]>();
  for (let i = 0; i < shas.length; i += COMMITS_PER_QUERY) {
    const chunk = shas.slice(i, i + COMMITS_PER_QUERY);
    const doc = associatedPullRequestsQuery(chunk);
    const { repository } = await octokit.graphql<{ repository: Record<string, PullNodes> | null }>(
      doc.query,
      { owner, repo, ...doc.variables },
    );
    chunk.forEach((sha, j) => {
      const nodes = repository?.[`c${j}`]?.associatedPullRequests?.nodes ?? [];
      result.set(
        sha,
        nodes
          .filter((n): n is NonNullable<typeof n> => Boolean(n?.merged && n.baseRefName === branch))
          .map((n) => n.number),
      );
    });
  }
  return result;
}
