import type { CheckRunUpdate, ReviewBody } from './wire-format.js';
import type { ApprovalFactsRead, ApprovalFactsRequest, PrefetchedApprovalFacts } from './approval-facts.js';
import type { ApprovalsAsk } from './graphql.js';
import type {
  BranchRule,
  CodeownersApiError,
  MaybeAvailable,
  ProtectionSnapshot,
  RulesetDetails,
  SnapshotCommit,
} from '../repo-checks/types.js';

/**
 * What the review needs from GitHub. `src/github` implements it with Octokit; tests and
 * the benchmark run the real implementation against nock. Plain data only: no Octokit types here.
 */

export interface ExistingCheckRun {
  id: number;
  /** Annotations GitHub already holds for it (annotations are append-only). */
  annotationsCount: number;
  /** `queued`, `in_progress` or `completed` (what the sweeper's check of GitHub reads). */
  status?: string;
}

export type PullFileStatus =
  'added' | 'removed' | 'modified' | 'renamed' | 'copied' | 'changed' | 'unchanged';

export interface PullFile {
  path: string;
  previousPath?: string;
  status: PullFileStatus;
  /** Unified-diff hunks; GitHub omits it for binary files and very large diffs. */
  patch?: string;
  /** Added plus deleted lines (0 for a pure rename). */
  changes?: number;
}

export interface BlobRequest {
  /** Commit SHA. */
  sha: string;
  path: string;
}

export type BlobResult =
  | { kind: 'text'; text: string; byteSize: number }
  /** `oid`: the blob's id, to read its bytes (readBlobBytes) when rendering copies it (a vendored `.tgz`). */
  | { kind: 'binary'; byteSize: number; oid?: string }
  | { kind: 'too-large'; byteSize: number }
  | { kind: 'missing' };

export function blobKey(request: BlobRequest): string {
  return `${request.sha}:${request.path}`;
}

/** A review thread of ours on the pull request (first comment's fingerprint marker). */
export interface ReviewThread {
  id: string;
  fingerprint: string;
  isResolved: boolean;
  isOutdated: boolean;
  path: string;
}

export interface PullRequestInfo {
  number: number;
  headSha: string;
  baseSha: string;
  baseRef: string;
  draft: boolean;
  state: string;
  /** Changed files GitHub counts for the PR (lets the file listing stop without an empty last page). */
  changedFiles?: number;
}

/** One blob of a commit's tree (git trees API). */
interface TreeEntry {
  path: string;
  /** Bytes, when GitHub gave it. */
  size?: number;
  /** A symbolic link (mode 120000): its blob is the link's target, never followed. */
  symlink?: boolean;
}

export interface RepoTree {
  entries: TreeEntry[];
  /** GitHub cut the listing (over 100,000 entries or 7 MB). */
  truncated: boolean;
}

/** A page of the pull request's commits (compare API), with GitHub's total. */
export interface CommitsPage {
  commits: SnapshotCommit[];
  /** `total_commits` of the comparison. */
  total: number;
}

/** The changed files of a pull request, and where they came from. */
interface PullChanges {
  files: PullFile[];
  /** GitHub's 3,000-file cap of `pulls/{n}/files` was hit. */
  truncated: boolean;
  /** `compare`: one `compare/{base}...{head}` call gave the files and the first page of commits; `pulls`: `pulls/{n}/files` pages. */
  source: 'compare' | 'pulls';
  /** The first page of commits (100) when the compare API listed the files: the signature check starts from it. */
  firstCommits?: CommitsPage;
}

/**
 * The rules of active rulesets for the base branch, as the pipeline's blob query read them
 * (GraphQL `Ref.rules`, first page), mapped to the items of `GET /rules/branches/{branch}`.
 */
export interface BranchRulesRead {
  branch: string;
  /** Unavailable (with GitHub's message) when the query's `rules` field failed: the blobs of the same query are kept. */
  rules: MaybeAvailable<BranchRule[]>;
  /** Name and, where GitHub gave them, bypass actors of each ruleset the rules come from. */
  rulesets: RulesetDetails[];
  /**
   * Rulesets whose bypass list GraphQL returned empty (or cut at 100): GitHub does not document whether an
   * empty list means "none" or "hidden from this token", so `GET /rulesets/{id}` decides, as before.
   */
  confirmBypass: number[];
  /** GraphQL has no such ref: `GET /rules/branches/{branch}` (which takes any branch name) is asked instead. */
  refMissing?: boolean;
  /** More than one page of rules: the next ones are read from this cursor. */
  nextCursor?: string;
}

/** What the repository checks need beyond the changed files and the CODEOWNERS blobs. */
interface RepoCheckRequest {
  baseSha: string;
  headSha: string;
  baseRef: string;
  commits: boolean;
  /** The first page of commits already read with the changed files (saves the first compare call). */
  firstCommits?: CommitsPage;
  /** GitHub's CODEOWNERS errors at this ref (the head SHA, when the pull request changes CODEOWNERS); undefined: not asked. */
  codeownersErrorsRef?: string;
  protection: boolean;
  /** The base branch's rules, read in the blob query; without them the port asks GitHub itself (one GraphQL query). */
  branchRules?: BranchRulesRead;
}

interface RepoCheckData {
  commits?: MaybeAvailable<SnapshotCommit[]>;
  commitCount?: number;
  codeownersErrors?: MaybeAvailable<CodeownersApiError[]>;
  protection?: ProtectionSnapshot;
}

export interface GitHubPort {
  /** The `gitops-guard` check run of this app on the head SHA, if one exists (redelivery, re-run). */
  findCheckRun(headSha: string, name: string): Promise<ExistingCheckRun | undefined>;
  createCheckRun(headSha: string, name: string, update: CheckRunUpdate): Promise<number>;
  updateCheckRun(id: number, update: CheckRunUpdate): Promise<void>;
  /** Raw configuration from the default branch (Probot `context.config`: `_extends`, org `.github`). */
  loadConfig(): Promise<unknown>;
  /**
   * Changed files with patches. Up to 300 changed files (`changed_files` of the payload): one
   * `compare/{base}...{head}` call, which also gives the first 100 commits; beyond (or if compare
   * fails), `pulls/{n}/files` 100 per page up to GitHub's cap of 3,000 (`truncated`).
   */
  listChanges(pull: PullRequestInfo): Promise<PullChanges>;
  /**
   * Blob contents in as few GraphQL requests as possible; with `threadsOf`, also our review threads on that PR;
   * with `rulesOf` (a branch), also the rules that apply to it, in the first request. A field error on the
   * rules makes them unavailable and keeps the blobs; any other failure throws.
   */
  /** `approvals`: the approvals' facts that may ride in the first request (docs/approvals.md). */
  fetchBlobs(
    requests: readonly BlobRequest[],
    threadsOf?: number,
    rulesOf?: string,
    approvals?: ApprovalsAsk,
  ): Promise<{
    blobs: Map<string, BlobResult>;
    threads?: ReviewThread[];
    branchRules?: BranchRulesRead;
    approvals?: PrefetchedApprovalFacts;
  }>;
  /** A blob's bytes (`git/blobs/{oid}`, base64): the binary files rendering copies (a vendored subchart `.tgz`). */
  readBlobBytes?(oid: string): Promise<Uint8Array>;
  createReview(pullNumber: number, review: ReviewBody): Promise<void>;
  resolveThreads(threadIds: readonly string[]): Promise<void>;
  /** For check_run / check_suite re-runs: the pull request(s) whose head is `headSha`. */
  getPullRequest(pullNumber: number): Promise<PullRequestInfo>;
  pullRequestsForCommit(headSha: string): Promise<PullRequestInfo[]>;
  /** Every blob path of a commit's tree, in one call (`git/trees/{sha}?recursive=1`). */
  listTree(sha: string): Promise<RepoTree>;
  /** The policy files of another repository (`policies.repository`); a repository the app cannot read is `{unavailable}`, never a throw. */
  readPolicyRepository?(
    name: string,
    ref: string | undefined,
    paths: readonly string[] | undefined,
  ): Promise<PolicyRepositoryRead>;
  /** Commits with verification, CODEOWNERS errors, protection: each failed part is `{unavailable}`, never a throw. */
  fetchRepoCheckData(request: RepoCheckRequest): Promise<RepoCheckData>;
  /** Whether GitHub marks the branch protected (`GET /branches/{branch}`). */
  isBranchProtected(branch: string): Promise<boolean>;
  /** The commits a push brought (compare before...after, every page), each with the merged pull requests into `branch` that contain it. */
  pushedCommits(before: string, after: string, branch: string): Promise<PushedCommits>;
  /** Every latest check run of this app on a commit, with its summary (one call): the approvals re-judgement reads both of ours. */
  listCheckRuns(headSha: string): Promise<OurCheckRun[]>;
  /**
   * Reviews, commits with their authors, co-authors and committers, and the members of `teams`
   * (approvals); what `prefetched` (the review's blob query) already holds is not asked again.
   */
  readApprovalFacts(
    request: ApprovalFactsRequest,
    prefetched?: PrefetchedApprovalFacts,
  ): Promise<ApprovalFactsRead>;
  /** The paths changed between two commits (`compare/{base}...{head}`, one call; `complete` false past 300 files). */
  changedPathsBetween(base: string, head: string): Promise<{ paths: string[]; complete: boolean }>;
}

/** One of our check runs on a commit. */
interface OurCheckRun {
  id: number;
  name: string;
  status: string;
  conclusion: string | null;
  summary: string | null;
  annotationsCount: number;
}

/** What was read of the other repository named by `policies.repository`. */
export type PolicyRepositoryRead =
  | { name: string; ref: string; files: Array<{ path: string; content: string }>; notes?: string[] }
  | { name: string; ref: string; unavailable: string };

/** The commits of a push, with verification and the pull requests that brought them. */
interface PushedCommits {
  commits: SnapshotCommit[];
  /** Commits the compare API counted. */
  total: number;
  /** Per commit sha: merged pull requests into the pushed branch that contain it (empty: a direct push). */
  mergedPullRequests: Map<string, number[]>;
}
