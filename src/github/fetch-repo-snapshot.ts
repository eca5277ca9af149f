import type { RepositoryChecksConfig } from '../repo-checks/config.js';
import { classicProtectionFromError } from '../repo-checks/branch-protection.js';
import { CODEOWNERS_LOCATIONS, CODEOWNERS_MAX_BYTES } from '../repo-checks/codeowners/parse.js';
import type {
  ChangedFile,
  ClassicProtection,
  ClassicProtectionState,
  CodeownersApiError,
  CodeownersFile,
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

export { MAX_RULESETS } from './branch-rules.js';
/** Stop paginating commits past this many (40 pages). */
export const MAX_COMMITS = 4000;
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

interface BlobNode {
  text: string | null;
  byteSize: number;
  isTruncated: boolean;
}

/** One GraphQL query: the three CODEOWNERS locations at each ref (`b0_0`..). */
export function codeownersQuery(refs: readonly string[]): {
  query: string;
  variables: Record<string, string>;
} {
  const declarations = ['$owner: String!', '$repo: String!'];
  const fields: string[] = [];
  const variables: Record<string, string> = {};
  refs.forEach((ref, r) =>
    CODEOWNERS_LOCATIONS.forEach((path, l) => {
      declarations.push(`$e${r}_${l}: String!`);
      variables[`e${r}_${l}`] = `${ref}:${path}`;
      fields.push(
        `b${r}_${l}: object(expression: $e${r}_${l}) { ... on Blob { text byteSize isTruncated } }`,
      );
    }),
  );
  return {
    query: `query codeowners(${declarations.join(', ')}) {\n  repository(owner: $owner, name: $repo) {\n    ${fields.join('\n    ')}\n  }\n}`,
    variables,
  };
}

/** The CODEOWNERS GitHub would use at each ref (first of .github/, root, docs/), undefined when none exists. */
export async function fetchCodeowners(
  octokit: Octokit,
  owner: string,
  repo: string,
  refs: readonly string[],
): Promise<MaybeAvailable<CodeownersFile | undefined>[]> {
  const doc = codeownersQuery(refs);
  let repository: Record<string, BlobNode | null> | null;
  try {
    ({ repository } = await octokit.graphql<{ repository: Record<string, BlobNode | null> | null }>(
      doc.query,
      { owner, repo, ...doc.variables },
    ));
  } catch (error) {
    return refs.map(() => unavailable(error));
  }
  return refs.map((_, r) => {
    for (let l = 0; l < CODEOWNERS_LOCATIONS.length; l++) {
      const node = repository?.[`b${r}_${l}`];
      if (!node || typeof node.byteSize !== 'number') continue;
      const path = CODEOWNERS_LOCATIONS[l]!;
      if (node.byteSize >= CODEOWNERS_MAX_BYTES)
        return {
          unavailable: `${path} is ${node.byteSize} bytes: GitHub does not load a CODEOWNERS file of 3 MB or more, so no path has an owner`,
        };
      if (node.isTruncated || node.text === null)
        return { unavailable: `${path} (${node.byteSize} bytes) could not be read in full` };
      return { path, text: node.text };
    }
    return undefined;
  });
}

export async function fetchCodeownersErrors(
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
export async function fetchProtection(
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

export interface PullRequestSnapshotInput {
  owner: string;
  repo: string;
  baseSha: string;
  baseRef: string;
  headSha: string;
  changedFiles: readonly ChangedFile[];
  config: RepositoryChecksConfig;
  appId?: number;
}

/** The snapshot of a pull request: only what the enabled checks need. */
export async function fetchPullRequestRepoSnapshot(
  octokit: Octokit,
  input: PullRequestSnapshotInput,
): Promise<RepoSnapshot> {
  const { owner, repo, config } = input;
  const snapshot: RepoSnapshot = {
    repository: `${owner}/${repo}`,
    changedFiles: [...input.changedFiles],
    ...(input.appId ? { appId: input.appId } : {}),
  };
  if (config.signatures.enabled) {
    try {
      const compared = await compareCommits(octokit, owner, repo, input.baseSha, input.headSha);
      snapshot.commits = compared.commits;
      snapshot.commitCount = compared.total;
    } catch (error) {
      snapshot.commits = unavailable(error);
    }
  }
  if (config.codeowners.enabled) {
    const touched = input.changedFiles.some(
      (f) =>
        (CODEOWNERS_LOCATIONS as readonly string[]).includes(f.path) ||
        (f.previousPath !== undefined &&
          (CODEOWNERS_LOCATIONS as readonly string[]).includes(f.previousPath)),
    );
    const [base, head] = await fetchCodeowners(
      octokit,
      owner,
      repo,
      touched ? [input.baseSha, input.headSha] : [input.baseSha],
    );
    snapshot.codeowners = base;
    if (touched) snapshot.headCodeowners = head;
    // GitHub's own errors only for the CODEOWNERS the pull request brings (our parser reports the base file's).
    if (touched && head && !('unavailable' in head)) {
      snapshot.codeownersErrors = await fetchCodeownersErrors(octokit, owner, repo, input.headSha);
      snapshot.codeownersErrorsAt = 'head';
    }
  }
  if (config.branchProtection.enabled)
    snapshot.protection = await fetchProtection(octokit, owner, repo, input.baseRef);
  return snapshot;
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
export const COMMITS_PER_QUERY = 100;

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
