/**
 * The rules of a branch from GraphQL `Ref.rules` (asked in the review's blob query), mapped to the
 * items of REST `GET /repos/{o}/{r}/rules/branches/{branch}` that the pure branch-protection check
 * reads (`type`, `parameters`, `ruleset_id`, `ruleset_source_type`, `ruleset_source`), and the
 * rulesets' names and bypass actors to `RulesetDetails` (REST `GET /rulesets/{id}`).
 *
 * Where GraphQL cannot say what REST says, REST is kept for that case only: a branch GraphQL does
 * not find (REST takes any branch name), and a ruleset whose bypass list GraphQL returns empty
 * (REST documents that it omits the list for tokens that may not edit the ruleset; GraphQL does
 * not document what it does).
 */
import { branchRulesFromError, branchRulesFromGraphqlError } from '../repo-checks/branch-protection.js';
import type { BranchRule, MaybeAvailable, RulesetDetails } from '../repo-checks/types.js';
import type { BranchRulesRead } from './port.js';
import type { Octokit } from './create-github-port.js';
import { describeGitHubError } from './errors.js';
import { branchRulesQuery, RULES_ALIAS, type RefRulesNode, type RuleNode } from './graphql.js';

/** Rulesets whose details (bypass actors) are asked with REST at most. */
const MAX_RULESETS = 5;
/** Pages of 100 rules read at most (REST: 10 pages of 100 too). */
const MAX_RULE_PAGES = 10;

/** One entry of a GraphQL response's `errors`. */
export interface GraphqlFieldError {
  message: string;
  type?: string;
  path?: ReadonlyArray<string | number>;
}

/**
 * A GraphQL answer with errors (Octokit's GraphqlResponseError carries `data` and `errors`) whose
 * errors all lie inside the rules field: the data is usable, the rules part is not (or only its
 * bypass lists are not). Anything else (an error elsewhere, no data, no repository): undefined.
 */
export function partialRulesAnswer<T extends { repository: Record<string, unknown> | null }>(
  error: unknown,
): { data: T; errors: GraphqlFieldError[] } | undefined {
  const e = error as { errors?: unknown; data?: unknown };
  if (!Array.isArray(e?.errors) || e.errors.length === 0 || typeof e.data !== 'object' || e.data === null)
    return undefined;
  const data = e.data as T;
  if (!data.repository) return undefined;
  const errors = e.errors as GraphqlFieldError[];
  return errors.every(
    (x) => Array.isArray(x?.path) && x.path[0] === 'repository' && x.path[1] === RULES_ALIAS,
  )
    ? { data, errors }
    : undefined;
}

/** REST's `pull_request` and `required_status_checks` parameters from GraphQL's. */
function toParameters(parameters: RuleNode['parameters']): Record<string, unknown> | undefined {
  if (!parameters) return undefined;
  if (parameters.__typename === 'PullRequestParameters' && 'requiredApprovingReviewCount' in parameters) {
    return {
      required_approving_review_count: parameters.requiredApprovingReviewCount,
      require_code_owner_review: parameters.requireCodeOwnerReview,
      dismiss_stale_reviews_on_push: parameters.dismissStaleReviewsOnPush,
      require_last_push_approval: parameters.requireLastPushApproval,
      required_review_thread_resolution: parameters.requiredReviewThreadResolution,
    };
  }
  if (parameters.__typename === 'RequiredStatusChecksParameters' && 'requiredStatusChecks' in parameters) {
    return {
      required_status_checks: parameters.requiredStatusChecks.map((c) => ({
        context: c.context,
        ...(typeof c.integrationId === 'number' ? { integration_id: c.integrationId } : {}),
      })),
      strict_required_status_checks_policy: parameters.strictRequiredStatusChecksPolicy,
    };
  }
  // Parameters of rule types the check does not read are not asked for.
  return undefined;
}

type BypassNode = NonNullable<
  NonNullable<NonNullable<RuleNode['repositoryRuleset']>['bypassActors']>['nodes']
>[number];

/** REST's `bypass_actors` item from GraphQL's RepositoryRulesetBypassActor. */
function toBypassActor(node: NonNullable<BypassNode>): NonNullable<RulesetDetails['bypass_actors']>[number] {
  const bypass_mode = node.bypassMode ? node.bypassMode.toLowerCase() : undefined;
  const mode = bypass_mode ? { bypass_mode } : {};
  if (node.organizationAdmin) return { actor_type: 'OrganizationAdmin', actor_id: null, ...mode };
  if (node.enterpriseOwner) return { actor_type: 'EnterpriseOwner', actor_id: null, ...mode };
  if (node.deployKey) return { actor_type: 'DeployKey', actor_id: null, ...mode };
  if (node.repositoryRoleDatabaseId !== null || node.repositoryRoleName !== null)
    return { actor_type: 'RepositoryRole', actor_id: node.repositoryRoleDatabaseId, ...mode };
  if (node.actor?.__typename === 'App')
    return { actor_type: 'Integration', actor_id: node.actor.databaseId ?? null, ...mode };
  if (node.actor?.__typename === 'Team')
    return { actor_type: 'Team', actor_id: node.actor.databaseId ?? null, ...mode };
  return { actor_type: node.actor?.__typename ?? 'Unknown', actor_id: null, ...mode };
}

const SOURCE_NAME = (source: NonNullable<NonNullable<RuleNode['repositoryRuleset']>['source']>) =>
  source.nameWithOwner ?? source.login ?? source.slug;

/**
 * The first page of `Ref.rules` (`ref`: the aliased ref, null when GitHub has no such ref) and the
 * query's errors inside it, as the pipeline hands them to the repository checks.
 */
export function readBranchRules(
  branch: string,
  ref: RefRulesNode | null | undefined,
  errors: readonly GraphqlFieldError[] = [],
): BranchRulesRead {
  // An error on a ruleset's bypass list leaves only that list unknown; any other error inside the field, the rules.
  const bypassIndex = (e: GraphqlFieldError) =>
    e.path?.includes('bypassActors') &&
    e.path[2] === 'rules' &&
    e.path[3] === 'nodes' &&
    typeof e.path[4] === 'number'
      ? e.path[4]
      : undefined;
  const fatal = errors.filter((e) => bypassIndex(e) === undefined);
  const empty = { branch, rulesets: [], confirmBypass: [] };
  if (fatal.length) {
    const first = fatal[0]!;
    const unavailable = branchRulesFromGraphqlError(first.type, first.message);
    return {
      ...empty,
      rules:
        fatal.length > 1
          ? {
              unavailable: `${unavailable.unavailable} (and ${fatal.length - 1} more error${fatal.length > 2 ? 's' : ''})`,
            }
          : unavailable,
    };
  }
  if (ref === null) return { ...empty, rules: [], refMissing: true };
  if (!ref?.rules)
    return {
      ...empty,
      rules: { unavailable: `GitHub's GraphQL API returned no rules for refs/heads/${branch}` },
    };
  const hiddenBypass = new Set(errors.map(bypassIndex).filter((i): i is number => i !== undefined));
  const rules: BranchRule[] = [];
  const rulesets = new Map<number, RulesetDetails>();
  const confirm = new Set<number>();
  (ref.rules.nodes ?? []).forEach((node, index) => {
    if (!node) return;
    const ruleset = node.repositoryRuleset;
    // REST returns the rules of active rulesets only ("evaluate" and "disabled" enforce nothing): so do we.
    if (ruleset && ruleset.enforcement !== 'ACTIVE') return;
    const id = typeof ruleset?.databaseId === 'number' ? ruleset.databaseId : undefined;
    const parameters = toParameters(node.parameters);
    rules.push({
      type: node.type.toLowerCase(),
      ...(parameters ? { parameters } : {}),
      ...(id !== undefined ? { ruleset_id: id } : {}),
      ...(ruleset?.source
        ? {
            ruleset_source_type: ruleset.source.__typename,
            ...(SOURCE_NAME(ruleset.source) ? { ruleset_source: SOURCE_NAME(ruleset.source) } : {}),
          }
        : {}),
    });
    if (id === undefined || !ruleset) return;
    const known = rulesets.get(id) ?? { id, name: ruleset.name };
    rulesets.set(id, known);
    if (hiddenBypass.has(index)) return;
    const actors = ruleset.bypassActors;
    const nodes = (actors?.nodes ?? []).filter((a): a is NonNullable<BypassNode> => Boolean(a));
    if (!actors) return; // null without an error: unknown
    // Every rule of a ruleset carries the same list: read it once.
    if (nodes.length && !known.bypass_actors) known.bypass_actors = nodes.map(toBypassActor);
    if (!nodes.length || actors.pageInfo.hasNextPage) confirm.add(id);
  });
  return {
    branch,
    rules,
    rulesets: [...rulesets.values()],
    confirmBypass: [...confirm],
    ...(ref.rules.pageInfo.hasNextPage && ref.rules.pageInfo.endCursor
      ? { nextCursor: ref.rules.pageInfo.endCursor }
      : {}),
  };
}

interface ErrorLike {
  status?: number;
  message?: string;
  response?: { data?: unknown };
}

const statusOf = (error: unknown) =>
  typeof (error as ErrorLike)?.status === 'number' ? (error as ErrorLike).status : undefined;

/** GitHub's own message (`Not Found`), without Octokit's documentation suffix. */
function githubMessage(error: unknown): string {
  const data = (error as ErrorLike)?.response?.data as { message?: unknown } | undefined;
  if (typeof data?.message === 'string') return data.message;
  return String((error as ErrorLike)?.message ?? error).replace(/ - https:\/\/docs\.github\.com\S*/g, '');
}

const unavailable = (error: unknown) => ({
  unavailable: describeGitHubError(error),
  ...(statusOf(error) ? { status: statusOf(error) } : {}),
});

/** One rules-only query (a later page, or the whole read when no blob query carried it). */
async function queryBranchRules(
  octokit: Octokit,
  owner: string,
  repo: string,
  branch: string,
  cursor?: string,
): Promise<BranchRulesRead> {
  const doc = branchRulesQuery(owner, repo, { branch, ...(cursor ? { cursor } : {}) });
  try {
    const { repository } = await octokit.graphql<{ repository: Record<string, unknown> | null }>(
      doc.query,
      doc.variables,
    );
    return readBranchRules(branch, (repository?.[RULES_ALIAS] ?? null) as RefRulesNode | null);
  } catch (error) {
    const partial = partialRulesAnswer<{ repository: Record<string, unknown> | null }>(error);
    if (partial)
      return readBranchRules(
        branch,
        partial.data.repository?.[RULES_ALIAS] as RefRulesNode | null | undefined,
        partial.errors,
      );
    return { branch, rules: unavailable(error), rulesets: [], confirmBypass: [] };
  }
}

/** REST `GET /rules/branches/{branch}` (all pages): for a branch GraphQL does not know. */
async function restBranchRules(
  octokit: Octokit,
  owner: string,
  repo: string,
  branch: string,
): Promise<MaybeAvailable<BranchRule[]>> {
  try {
    const all: BranchRule[] = [];
    for (let page = 1; page <= MAX_RULE_PAGES; page++) {
      const { data } = await octokit.request('GET /repos/{owner}/{repo}/rules/branches/{branch}', {
        owner,
        repo,
        branch,
        per_page: 100,
        page,
      });
      all.push(...(data as BranchRule[]));
      if (data.length < 100) break;
    }
    return all;
  } catch (error) {
    const status = statusOf(error);
    return status ? branchRulesFromError(status, githubMessage(error)) : unavailable(error);
  }
}

/** REST `GET /rulesets/{id}`: bypass actors, returned only to tokens that may edit the ruleset. */
async function restRulesetDetails(
  octokit: Octokit,
  owner: string,
  repo: string,
  id: number,
): Promise<RulesetDetails | undefined> {
  try {
    const { data } = await octokit.request('GET /repos/{owner}/{repo}/rulesets/{ruleset_id}', {
      owner,
      repo,
      ruleset_id: id,
      includes_parents: true,
    });
    return {
      id,
      name: data.name,
      bypass_actors: data.bypass_actors as RulesetDetails['bypass_actors'],
      current_user_can_bypass: data.current_user_can_bypass,
    };
  } catch {
    // Unreadable details leave bypass unknown for that ruleset (reported as not available).
    return undefined;
  }
}

/** The actors the branch-protection check counts as administrators (organisation owners, the repository admin role). */
const isAdminActor = (a: NonNullable<RulesetDetails['bypass_actors']>[number]) =>
  a.actor_type === 'OrganizationAdmin' || (a.actor_type === 'RepositoryRole' && a.actor_id === 5);

export interface BranchRulesSnapshot {
  rules: MaybeAvailable<BranchRule[]>;
  /** Present when rules apply. */
  rulesets?: RulesetDetails[];
}

/**
 * Completes a read of the rules: further pages, the REST endpoint for a branch GraphQL has no ref
 * for, and REST details for rulesets whose bypass list GraphQL left open. Never throws.
 */
export async function completeBranchRules(
  octokit: Octokit,
  owner: string,
  repo: string,
  read: BranchRulesRead,
): Promise<BranchRulesSnapshot> {
  if (!Array.isArray(read.rules)) return { rules: read.rules };
  if (read.refMissing) {
    const rules = await restBranchRules(octokit, owner, repo, read.branch);
    if (!Array.isArray(rules) || !rules.length) return { rules };
    const ids = [
      ...new Set(rules.map((r) => r.ruleset_id).filter((id): id is number => typeof id === 'number')),
    ].slice(0, MAX_RULESETS);
    const details = await Promise.all(ids.map((id) => restRulesetDetails(octokit, owner, repo, id)));
    return { rules, rulesets: details.filter((d): d is RulesetDetails => Boolean(d)) };
  }
  const rules = [...read.rules];
  const rulesets = new Map(read.rulesets.map((r) => [r.id, { ...r }]));
  const confirm = new Set(read.confirmBypass);
  let cursor = read.nextCursor;
  for (let page = 2; cursor && page <= MAX_RULE_PAGES; page++) {
    const next = await queryBranchRules(octokit, owner, repo, read.branch, cursor);
    // A missing page would under-count the protection: the rules are then unknown, not partial.
    if (!Array.isArray(next.rules))
      return {
        rules: { ...next.rules, unavailable: `${next.rules.unavailable} (page ${page} of the branch rules)` },
      };
    rules.push(...next.rules);
    for (const r of next.rulesets) if (!rulesets.has(r.id)) rulesets.set(r.id, { ...r });
    next.confirmBypass.forEach((id) => confirm.add(id));
    cursor = next.nextCursor;
  }
  const ids = [...confirm].slice(0, MAX_RULESETS);
  const details = await Promise.all(ids.map((id) => restRulesetDetails(octokit, owner, repo, id)));
  details.forEach((detail, i) => {
    const known = rulesets.get(ids[i]!);
    if (!known) return;
    if (detail?.bypass_actors) known.bypass_actors = detail.bypass_actors;
    // REST omits the list for tokens that may not edit the ruleset: bypass stays unknown then, unless
    // the first 100 actors GraphQL gave (of more) already include an administrator.
    else if (!known.bypass_actors?.some(isAdminActor)) delete known.bypass_actors;
    if (detail?.current_user_can_bypass) known.current_user_can_bypass = detail.current_user_can_bypass;
  });
  return rules.length ? { rules, rulesets: [...rulesets.values()] } : { rules };
}

/** The rules of `branch` on their own: one GraphQL query (and the REST cases above). */
export async function fetchBranchRules(
  octokit: Octokit,
  owner: string,
  repo: string,
  branch: string,
): Promise<BranchRulesSnapshot> {
  return completeBranchRules(octokit, owner, repo, await queryBranchRules(octokit, owner, repo, branch));
}
