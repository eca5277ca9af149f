/**
 * The plain data the repository checks run on. Adapters (src/github for the app, src/cli for
 * local git) fill it; the checks never fetch anything themselves.
 */
import type { Finding, Severity } from '../model/index.js';

/** Data the adapter could not get, and why (a missing permission, the plan, an HTTP error). */
export interface Unavailable {
  unavailable: string;
  /** HTTP status when the reason is an API answer. */
  status?: number;
}

export type MaybeAvailable<T> = T | Unavailable;

export function isUnavailable(value: unknown): value is Unavailable {
  return (
    typeof value === 'object' && value !== null && typeof (value as Unavailable).unavailable === 'string'
  );
}

export interface CommitPerson {
  /** GitHub login when GitHub associated the e-mail with an account (`renovate[bot]`, `web-flow`). */
  login?: string;
  /** `User` or `Bot` when known. */
  type?: string;
  name?: string;
  email?: string;
}

export interface CommitVerification {
  verified: boolean;
  /** GitHub's reason (`valid`, `unsigned`, `unknown_key`, ...; GraphQL states are accepted in upper case too). */
  reason: string;
  signature?: string | null;
  /** GraphQL `wasSignedByGitHub` (web-flow or an App's API commit). */
  signedByGitHub?: boolean;
}

export interface SnapshotCommit {
  sha: string;
  author?: CommitPerson | null;
  committer?: CommitPerson | null;
  verification: CommitVerification;
  /** First line of the message, for the report. */
  message?: string;
}

export interface CodeownersFile {
  /** Where it was found: `.github/CODEOWNERS`, `CODEOWNERS` or `docs/CODEOWNERS`. */
  path: string;
  text: string;
}

interface ChangedFile {
  path: string;
  /** Old path of a rename. */
  previousPath?: string;
  status?: 'added' | 'modified' | 'removed' | 'renamed' | 'copied' | 'changed' | 'unchanged';
}

/** One entry of `GET /repos/{o}/{r}/codeowners/errors`. */
export interface CodeownersApiError {
  line: number;
  column?: number;
  kind: string;
  message?: string;
  suggestion?: string | null;
  path?: string;
}

/** `GET /repos/{o}/{r}/branches/{b}/protection` (only the fields we read). */
export interface ClassicProtection {
  required_status_checks?: {
    strict?: boolean;
    contexts?: string[];
    checks?: { context: string; app_id?: number | null }[];
  } | null;
  enforce_admins?: { enabled: boolean } | null;
  required_pull_request_reviews?: {
    dismiss_stale_reviews?: boolean;
    require_code_owner_reviews?: boolean;
    required_approving_review_count?: number;
    require_last_push_approval?: boolean;
  } | null;
  required_signatures?: { enabled: boolean } | null;
  allow_force_pushes?: { enabled: boolean } | null;
  allow_deletions?: { enabled: boolean } | null;
  required_linear_history?: { enabled: boolean } | null;
  lock_branch?: { enabled: boolean } | null;
}

/** Classic protection as read: a rule, no rule (404 "Branch not protected"), or unreadable. */
export type ClassicProtectionState =
  { protected: true; data: ClassicProtection } | { protected: false } | Unavailable;

/** One item of `GET /repos/{o}/{r}/rules/branches/{branch}`. */
export interface BranchRule {
  type: string;
  parameters?: Record<string, unknown>;
  ruleset_id?: number;
  ruleset_source?: string;
  ruleset_source_type?: string;
}

/** `GET /repos/{o}/{r}/rulesets/{id}` (only what decides bypass). */
export interface RulesetDetails {
  id: number;
  name?: string;
  /** Absent when the token may not read them. */
  bypass_actors?: { actor_id?: number | null; actor_type: string; bypass_mode?: string }[];
  current_user_can_bypass?: string;
}

export interface ProtectionSnapshot {
  branch: string;
  classic: ClassicProtectionState;
  rules: MaybeAvailable<BranchRule[]>;
  /** Details of the rulesets the rules come from, when readable (bypass actors). */
  rulesets?: MaybeAvailable<RulesetDetails[]>;
}

export interface RepoSnapshot {
  /** `owner/name`, for messages. */
  repository?: string;
  /** The GitHub App id of this app (pins the required status check). */
  appId?: number;
  commits?: MaybeAvailable<SnapshotCommit[]>;
  /** Commits GitHub says the pull request has (GraphQL totalCount); more than `commits.length` means the list is incomplete. */
  commitCount?: number;
  /** CODEOWNERS of the base commit; undefined when no file exists. */
  codeowners?: MaybeAvailable<CodeownersFile | undefined>;
  /** CODEOWNERS as the head commit would have it (when the pull request changes it). */
  headCodeowners?: MaybeAvailable<CodeownersFile | undefined>;
  /** GitHub's own CODEOWNERS errors (`codeowners/errors?ref=`), of the version `codeownersErrorsAt` says. */
  codeownersErrors?: MaybeAvailable<CodeownersApiError[]>;
  /** Which CODEOWNERS `codeownersErrors` are about: the base's (default) or the head's, when the pull request changes it. */
  codeownersErrorsAt?: 'base' | 'head';
  changedFiles?: ChangedFile[];
  /** Every file path of the head tree, when known (lets a CODEOWNERS change be compared on real paths). */
  treePaths?: string[];
  protection?: ProtectionSnapshot;
}

export type Outcome = 'pass' | 'fail' | 'not_available' | 'not_applicable' | 'error';

/** One thing a check looked at: a commit, a changed file, a baseline requirement. */
export interface CheckItem {
  outcome: Outcome;
  /** Stable id of what failed (`commit-signature-unverified`, `codeowners-uncovered-file`, ...). */
  ruleId: string;
  /** What the item is about: a sha, a path, a requirement key. */
  subject: string;
  message: string;
  /** File and line the finding points at ('' for repository-level findings). */
  file?: string;
  line?: number;
  /** Overrides the check's configured severity for this item. */
  severity?: Severity;
}

export type RepoCheckName = 'commit-signatures' | 'codeowners' | 'branch-protection';
type CheckName = RepoCheckName | 'push';

/** A commit that reached a branch by a push, with the pull requests GitHub associates with it. */
interface PushedCommit {
  sha: string;
  message?: string;
  /** Merged pull requests into the pushed branch that contain the commit; empty means a direct push. */
  mergedPullRequests: number[];
}

/** A push to the default branch or a protected branch. */
export interface PushSnapshot {
  branch: string;
  before: string;
  after: string;
  forced: boolean;
  pusher?: string;
  /** Commits the push brought (compare before...after), each with its merged pull requests. */
  commits: MaybeAvailable<PushedCommit[]>;
  /** Commits the compare API counted (more than `commits.length` means the list is incomplete). */
  commitCount?: number;
}

export interface CheckResult {
  check: CheckName;
  title: string;
  outcome: Outcome;
  /** One sentence: why this outcome. */
  summary: string;
  items: CheckItem[];
  severity: Severity;
}

export interface RepoChecksReport {
  results: CheckResult[];
  findings: Finding[];
  markdown: string;
}
