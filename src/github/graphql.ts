/** GraphQL documents the app sends (validated against GitHub's schema in test/helpers/github-graphql.ts). */

import { APPROVAL_PULL_FIELDS, teamMemberFields } from './approval-facts.js';

/** Aliases per query: enough that a 300-file PR takes one or two requests, small enough to stay well within GitHub's timeouts. */
export const BLOBS_PER_QUERY = 200;

const BLOB_FIELDS = '... on Blob { oid text isBinary byteSize isTruncated }';

const THREADS_FIELD = `reviewThreads(first: 100, after: $cursor) {
        pageInfo { hasNextPage endCursor }
        nodes { id isResolved isOutdated path comments(first: 1) { nodes { body viewerDidAuthor } } }
      }`;

/** Alias of the base branch's ref in a query that also asks for its rules. */
export const RULES_ALIAS = 'baseRef';
const RULES_PER_PAGE = 100;
const BYPASS_ACTORS_PER_RULESET = 100;

/**
 * The rules of active rulesets that apply to a ref (`Ref.rules`), with what the branch-protection
 * check reads: the parameters of pull_request and required_status_checks rules, and the ruleset
 * (id, name, enforcement, source, bypass actors).
 */
const RULES_FIELD = `${RULES_ALIAS}: ref(qualifiedName: $baseRef) {
      rules(first: ${RULES_PER_PAGE}, after: $rulesCursor) {
        pageInfo { hasNextPage endCursor }
        nodes {
          type
          parameters {
            __typename
            ... on PullRequestParameters { requiredApprovingReviewCount requireCodeOwnerReview dismissStaleReviewsOnPush requireLastPushApproval requiredReviewThreadResolution }
            ... on RequiredStatusChecksParameters { requiredStatusChecks { context integrationId } strictRequiredStatusChecksPolicy }
          }
          repositoryRuleset {
            databaseId name enforcement
            source { __typename ... on Repository { nameWithOwner } ... on Organization { login } ... on Enterprise { slug } }
            bypassActors(first: ${BYPASS_ACTORS_PER_RULESET}) {
              pageInfo { hasNextPage }
              nodes { bypassMode organizationAdmin enterpriseOwner deployKey repositoryRoleDatabaseId repositoryRoleName actor { __typename ... on App { databaseId } ... on Team { databaseId } } }
            }
          }
        }
      }
    }`;

/** The variables of the rules field: the branch as a fully qualified ref. */
function rulesVariables(rules: { branch: string; cursor?: string }): Record<string, unknown> {
  return { baseRef: `refs/heads/${rules.branch}`, rulesCursor: rules.cursor ?? null };
}

export interface GraphqlDocument {
  query: string;
  variables: Record<string, unknown>;
}

/**
 * One query fetching `expressions.length` blobs as aliases `b0..bN` (`object(expression: "SHA:path")`),
 * optionally with one page of the pull request's review threads and the first page of the rules
 * that apply to a branch (`rules`: the review's base branch). Expressions are variables, so a path
 * can never break the query.
 */
export function blobsQuery(
  owner: string,
  repo: string,
  expressions: readonly string[],
  threads?: { number: number; cursor?: string },
  rules?: { branch: string; cursor?: string },
  approvals?: ApprovalsAsk,
): GraphqlDocument {
  const declarations = ['$owner: String!', '$repo: String!', ...expressions.map((_, i) => `$e${i}: String!`)];
  const number = threads?.number ?? approvals?.pullNumber;
  if (number !== undefined) declarations.push('$number: Int!');
  if (threads) declarations.push('$cursor: String');
  if (rules) declarations.push('$baseRef: String!', '$rulesCursor: String');
  const fields = expressions.map((_, i) => `b${i}: object(expression: $e${i}) { ${BLOB_FIELDS} }`);
  const pullFields = [
    ...(threads ? [THREADS_FIELD] : []),
    ...(approvals?.pullNumber !== undefined ? [APPROVAL_PULL_FIELDS] : []),
  ];
  if (pullFields.length)
    fields.push(`pr: pullRequest(number: $number) {\n      ${pullFields.join('\n      ')}\n    }`);
  if (rules) fields.push(RULES_FIELD);
  const variables: Record<string, unknown> = { owner, repo };
  expressions.forEach((e, i) => (variables[`e${i}`] = e));
  if (number !== undefined) variables.number = number;
  if (threads) variables.cursor = threads.cursor ?? null;
  if (rules) Object.assign(variables, rulesVariables(rules));
  // The approvals' team members are top-level fields beside the repository.
  const teams = teamMemberFields(approvals?.teams ?? []);
  declarations.push(...teams.declarations);
  Object.assign(variables, teams.variables);
  return {
    query: `query GitopsGuardBlobs(${declarations.join(', ')}) {\n  repository(owner: $owner, name: $repo) {\n    ${fields.join('\n    ')}\n  }${teams.fields.map((f) => `\n  ${f}`).join('')}\n}`,
    variables,
  };
}

/**
 * What the approvals of a pull request need that may ride in the review's blob query
 * (docs/approvals.md): the pull request's author, reviews and first commits (with `pullNumber`), and
 * the members of `teams`.
 */
export interface ApprovalsAsk {
  pullNumber?: number;
  teams: readonly string[];
}

/** The rules of one branch alone (a page after the first, or when no blob query is sent). */
export function branchRulesQuery(
  owner: string,
  repo: string,
  rules: { branch: string; cursor?: string },
): GraphqlDocument {
  return {
    query: `query GitopsGuardBranchRules($owner: String!, $repo: String!, $baseRef: String!, $rulesCursor: String) {\n  repository(owner: $owner, name: $repo) {\n    ${RULES_FIELD}\n  }\n}`,
    variables: { owner, repo, ...rulesVariables(rules) },
  };
}

/** Resolves review threads, all in one mutation (aliases r0..rN). */
export function resolveThreadsMutation(threadIds: readonly string[]): GraphqlDocument {
  const declarations = threadIds.map((_, i) => `$t${i}: ID!`);
  const fields = threadIds.map(
    (_, i) => `r${i}: resolveReviewThread(input: { threadId: $t${i} }) { thread { id isResolved } }`,
  );
  const variables: Record<string, unknown> = {};
  threadIds.forEach((id, i) => (variables[`t${i}`] = id));
  return {
    query: `mutation GitopsGuardResolve(${declarations.join(', ')}) {\n  ${fields.join('\n  ')}\n}`,
    variables,
  };
}

export interface BlobNode {
  oid?: string;
  text: string | null;
  isBinary: boolean | null;
  byteSize: number;
  isTruncated: boolean;
}

export interface ThreadsPage {
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: Array<{
    id: string;
    isResolved: boolean;
    isOutdated: boolean;
    path: string;
    comments: { nodes: Array<{ body: string; viewerDidAuthor: boolean }> };
  }>;
}

/** `Ref.rules` as the rules field asks for it. */
export interface RuleNode {
  type: string;
  parameters:
    | ({ __typename: 'PullRequestParameters' } & {
        requiredApprovingReviewCount: number;
        requireCodeOwnerReview: boolean;
        dismissStaleReviewsOnPush: boolean;
        requireLastPushApproval: boolean;
        requiredReviewThreadResolution: boolean;
      })
    | {
        __typename: 'RequiredStatusChecksParameters';
        requiredStatusChecks: Array<{ context: string; integrationId: number | null }>;
        strictRequiredStatusChecksPolicy: boolean;
      }
    | { __typename: string }
    | null;
  repositoryRuleset: {
    databaseId: number | null;
    name: string;
    enforcement: string;
    source: { __typename: string; nameWithOwner?: string; login?: string; slug?: string } | null;
    bypassActors: {
      pageInfo: { hasNextPage: boolean };
      nodes: Array<{
        bypassMode: string | null;
        organizationAdmin: boolean;
        enterpriseOwner: boolean;
        deployKey: boolean;
        repositoryRoleDatabaseId: number | null;
        repositoryRoleName: string | null;
        actor: { __typename: string; databaseId?: number | null } | null;
      } | null> | null;
    } | null;
  } | null;
}

export interface RefRulesNode {
  rules: {
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    nodes: Array<RuleNode | null> | null;
  } | null;
}
