import type { MaybeAvailable } from '../repo-checks/types.js';

/**
 * Separation of duties, as plain data. The manifest review derives an ApprovalPlan from what the
 * change does (src/approvals/plan.ts); an adapter gathers ApprovalFacts (reviews, commits, team
 * memberships); `judgeApprovals(plan, facts)` decides. Nothing here knows GitHub.
 */

type RequirementKind = 'independent' | 'production' | 'security';

export interface Requirement {
  /** Stable within a plan: `independent`, `security`, `production-1`, ... */
  id: string;
  kind: RequirementKind;
  /** Approvals that count needed. */
  required: number;
  /** Who may satisfy it (`@user`, `@org/team`, e-mail); empty: anyone whose approval counts. */
  owners: string[];
  /** Where the owners come from, in words. */
  ownersSource?: string;
  /** An approver who shares a configured team (`approvals.teams`) with the author does not count. */
  separateFromAuthorTeams: boolean;
  /** Why it applies: which resource, which delta, which path (repository text: escape it when rendering). */
  reasons: string[];
  /** Reasons left out to keep the plan small. */
  moreReasons?: number;
  /** Why it cannot be met as configured (no owner to approve): it stays unsatisfied and says so. */
  problem?: string;
}

/** What decides which changed paths change what is deployed (plan.ts `changesDeployment`). */
export interface DeployPaths {
  policyFolders: string[];
  configFile: string;
}

/** What the manifest review of one head requires; carried in its check run's hidden block. */
export interface ApprovalPlan {
  version: 1;
  headSha: string;
  requirements: Requirement[];
  countStale: boolean;
  /** `review.advisory`: conclude `neutral` instead of `failure`. */
  advisory: boolean;
  bots: string[];
  teams: string[];
  deployPaths: DeployPaths;
  notes: string[];
}

export type ReviewState = 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';

export interface ReviewFact {
  login: string;
  /** GitHub says the account is a bot (or an app). */
  bot: boolean;
  state: ReviewState;
  /** The head the review was given on. */
  commitSha?: string;
  submittedAt?: string;
}

export interface CommitPerson {
  role: 'author' | 'co-author' | 'committer';
  /** The GitHub account GitHub associated the e-mail with. */
  login?: string;
  name?: string;
  email?: string;
}

export interface CommitFact {
  sha: string;
  people: CommitPerson[];
}

export interface ApprovalFacts {
  headSha: string;
  /** The pull request's author. */
  author?: string;
  reviews: ReviewFact[];
  /** Every commit of the pull request, or why they could not all be read. */
  commits: MaybeAvailable<CommitFact[]>;
  /** Members among the relevant logins of each team the plan names (`@org/team`, lower case), or why unknown. */
  teams: Record<string, MaybeAvailable<string[]>>;
  /** Per reviewed commit other than the head: did what is deployed change between it and the head. */
  deployChangedSince: Record<string, MaybeAvailable<boolean>>;
}

type RequirementOutcome = 'satisfied' | 'unsatisfied' | 'not_available';

export interface RequirementResult {
  requirement: Requirement;
  outcome: RequirementOutcome;
  /** Approvers whose approval counts for it. */
  countedBy: string[];
  /** Why it is not satisfied, or not available. */
  detail?: string;
}

/** One reviewer's latest decisive review. */
export interface ApprovalVerdict {
  login: string;
  state: ReviewState;
  commitSha?: string;
  /** Counts for at least the base rule (independent, not a bot, not stale). */
  counts: boolean | 'unknown';
  /** Why it does not count (self-approval, author of a commit, bot, stale, dismissed) or is unknown. */
  reasons: string[];
  /** Per requirement id it does not count for despite counting in general: why (not an owner, same team). */
  notFor: Record<string, string>;
}

export interface ApprovalJudgement {
  headSha: string;
  results: RequirementResult[];
  verdicts: ApprovalVerdict[];
  /** Every requirement is satisfied (none when nothing requires approval). */
  passed: boolean;
  notes: string[];
}
