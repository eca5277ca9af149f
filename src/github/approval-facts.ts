import type { CommitFact, CommitPerson, ReviewFact, ReviewState } from '../approvals/types.js';
import type { MaybeAvailable } from '../repo-checks/types.js';
import type { Octokit } from './create-github-port.js';
import { describeGitHubError } from './errors.js';

/**
 * Reviews, commits (authors with their Co-authored-by trailers as GitHub resolves them, committers)
 * and team memberships of a pull request, in one GraphQL query: the members of each team come in
 * the same query (first 100); a team with more is asked again only for the logins that matter
 * (author and approvers), in one more query. More than 100 commits cost one query per 100.
 * Team fields need the organisation permission Members: read: without it (or for a team the app
 * cannot see) that team is `{unavailable}` with why, and the rest stands.
 */

const REVIEWS_READ = 100;
const COMMITS_PER_PAGE = 100;
const MAX_COMMIT_PAGES = 3;
const AUTHORS_PER_COMMIT = 20;

export interface ApprovalFactsRequest {
  pullNumber: number;
  /** Teams (`@org/slug`) whose membership decides something. */
  teams: readonly string[];
}

export interface ApprovalFactsRead {
  author?: string;
  reviews: ReviewFact[];
  commits: MaybeAvailable<CommitFact[]>;
  teams: Record<string, MaybeAvailable<string[]>>;
}

interface ActorNode {
  __typename: string;
  login: string;
}
interface ReviewNode {
  author: ActorNode | null;
  state: string;
  submittedAt: string | null;
  commit: { oid: string } | null;
}
interface GitActorNode {
  name: string | null;
  email: string | null;
  user: { login: string } | null;
}
interface CommitsPage {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  nodes: Array<{
    commit: {
      oid: string;
      authors: { nodes: Array<GitActorNode | null> | null };
      committer: GitActorNode | null;
    };
  } | null> | null;
}
interface MembersNode {
  members: { pageInfo: { hasNextPage: boolean }; nodes: Array<{ login: string } | null> | null };
}
interface GraphqlError {
  type?: string;
  message: string;
  path?: ReadonlyArray<string | number>;
}

const COMMITS_FIELD = `commits(first: ${COMMITS_PER_PAGE}, after: $commitsCursor) {
        totalCount
        pageInfo { hasNextPage endCursor }
        nodes { commit { oid authors(first: ${AUTHORS_PER_COMMIT}) { nodes { name email user { login } } } committer { name email user { login } } } }
      }`;

/** The pull request's fields the approvals read (author, reviews, the first page of commits): inside `pullRequest(number:)`. */
export const APPROVAL_PULL_FIELDS = `author { __typename login }
      reviews(last: ${REVIEWS_READ}) { nodes { author { __typename login } state submittedAt commit { oid } } }
      ${COMMITS_FIELD.replace(', after: $commitsCursor', '')}`;

/** `@Org/Team` → `{ org, slug }`. */
function splitTeam(team: string): { org: string; slug: string } {
  const [org, slug] = team.replace(/^@/, '').split('/');
  return { org: org!, slug: slug! };
}

/** One top-level field per team (aliases m0..mN, variables $o/$t), for any query that reads the approvals. */
export function teamMemberFields(teams: readonly string[]): {
  declarations: string[];
  fields: string[];
  variables: Record<string, unknown>;
} {
  const declarations: string[] = [];
  const variables: Record<string, unknown> = {};
  const fields = teams.map((team, i) => {
    declarations.push(`$o${i}: String!`, `$t${i}: String!`);
    const { org, slug } = splitTeam(team);
    variables[`o${i}`] = org;
    variables[`t${i}`] = slug;
    return `m${i}: organization(login: $o${i}) { team(slug: $t${i}) { members(first: 100, membership: ALL) { pageInfo { hasNextPage } nodes { login } } } }`;
  });
  return { declarations, fields, variables };
}

/** Whether a GraphQL field error is inside a team field (tolerated: that team is unavailable, the rest stands). */
export function isTeamFieldError(error: { path?: ReadonlyArray<string | number> }): boolean {
  return /^m\d+$/.test(String(error.path?.[0]));
}

function approvalFactsQuery(
  owner: string,
  repo: string,
  number: number | undefined,
  teams: readonly string[],
  commitsCursor?: string,
): { query: string; variables: Record<string, unknown> } {
  const team = teamMemberFields(teams);
  // Only teams (the pull request's part came with the review's blob query).
  if (number === undefined)
    return {
      query: `query GitopsGuardApprovalTeams(${team.declarations.join(', ')}) {\n  ${team.fields.join('\n  ')}\n}`,
      variables: team.variables,
    };
  const declarations = [
    '$owner: String!',
    '$repo: String!',
    '$number: Int!',
    '$commitsCursor: String',
    ...team.declarations,
  ];
  const variables: Record<string, unknown> = {
    owner,
    repo,
    number,
    commitsCursor: commitsCursor ?? null,
    ...team.variables,
  };
  const pull = commitsCursor
    ? COMMITS_FIELD
    : `author { __typename login }
      reviews(last: ${REVIEWS_READ}) { nodes { author { __typename login } state submittedAt commit { oid } } }
      ${COMMITS_FIELD}`;
  return {
    query: `query GitopsGuardApprovals(${declarations.join(', ')}) {
  repository(owner: $owner, name: $repo) {
    pullRequest(number: $number) {
      ${pull}
    }
  }
  ${team.fields.join('\n  ')}
}`,
    variables,
  };
}

/**
 * The approvals' part of an answer to another query (the review's blob query): the pull request's
 * fields (APPROVAL_PULL_FIELDS), and the team fields of `teams` with their field errors.
 */
export interface PrefetchedApprovalFacts {
  /** Absent when the pull request's part was not asked, or not answered. */
  pull?: Record<string, unknown>;
  answers: Array<{
    teams: readonly string[];
    data: Record<string, unknown>;
    errors: readonly GraphqlError[];
  }>;
}

/** Membership of `logins` in large teams, one alias per (team, login): `members(query:)` searches, the login is then matched exactly. */
function teamMembershipQuery(checks: ReadonlyArray<{ team: string; login: string }>): {
  query: string;
  variables: Record<string, unknown>;
} {
  const declarations: string[] = [];
  const variables: Record<string, unknown> = {};
  const fields = checks.map(({ team, login }, i) => {
    declarations.push(`$o${i}: String!`, `$t${i}: String!`, `$l${i}: String!`);
    const { org, slug } = splitTeam(team);
    Object.assign(variables, { [`o${i}`]: org, [`t${i}`]: slug, [`l${i}`]: login });
    return `q${i}: organization(login: $o${i}) { team(slug: $t${i}) { members(first: 20, query: $l${i}, membership: ALL) { pageInfo { hasNextPage } nodes { login } } } }`;
  });
  return {
    query: `query GitopsGuardTeamMembers(${declarations.join(', ')}) {\n  ${fields.join('\n  ')}\n}`,
    variables,
  };
}

/** The data of a GraphQL answer with field errors, and the errors (Octokit throws them with the data). */
function partial(error: unknown): { data: Record<string, unknown>; errors: GraphqlError[] } | undefined {
  const e = error as { errors?: unknown; data?: unknown };
  if (!Array.isArray(e?.errors) || typeof e.data !== 'object' || e.data === null) return undefined;
  return { data: e.data as Record<string, unknown>, errors: e.errors as GraphqlError[] };
}

function teamUnavailable(team: string, errors: readonly GraphqlError[]): string {
  const forbidden = errors.find(
    (e) => e.type === 'FORBIDDEN' || /not accessible|permission/i.test(e.message),
  );
  if (forbidden)
    return `GitHub refused to list the members of ${team} (${forbidden.message}): the app needs the organisation permission Members: read`;
  if (errors.length)
    return `GitHub could not list the members of ${team}: ${errors.map((e) => e.message).join('; ')}`;
  return `${team} was not found, or the app cannot see it (it needs the organisation permission Members: read)`;
}

async function ask(
  octokit: Octokit,
  doc: { query: string; variables: Record<string, unknown> },
  aliases: readonly string[],
): Promise<{ data: Record<string, unknown>; errors: GraphqlError[] }> {
  try {
    return { data: await octokit.graphql<Record<string, unknown>>(doc.query, doc.variables), errors: [] };
  } catch (error) {
    const answer = partial(error);
    // Only errors inside team fields are tolerated; anything else (the pull request) fails the run.
    if (!answer || !answer.errors.every((e) => aliases.includes(String(e.path?.[0])))) throw error;
    return answer;
  }
}

function toPeople(commit: NonNullable<NonNullable<CommitsPage['nodes']>[number]>['commit']): CommitPerson[] {
  const person = (role: CommitPerson['role'], a: GitActorNode | null): CommitPerson[] =>
    a
      ? [
          {
            role,
            ...(a.user?.login ? { login: a.user.login } : {}),
            ...(a.name ? { name: a.name } : {}),
            ...(a.email ? { email: a.email } : {}),
          },
        ]
      : [];
  // GitHub lists the git author first, then the Co-authored-by trailers.
  const authors = (commit.authors.nodes ?? []).flatMap((a, i) => person(i === 0 ? 'author' : 'co-author', a));
  return [...authors, ...person('committer', commit.committer)];
}

/**
 * Reads the approval facts, or completes those another query already read (`prefetched`: the
 * review's blob query): then only teams it did not ask for cost one more query.
 */
export async function readApprovalFacts(
  octokit: Octokit,
  owner: string,
  repo: string,
  request: ApprovalFactsRequest,
  prefetched?: PrefetchedApprovalFacts,
): Promise<ApprovalFactsRead> {
  const teams = [...new Map(request.teams.map((t) => [t.toLowerCase(), t])).values()];
  const answers: Array<{
    teams: readonly string[];
    data: Record<string, unknown>;
    errors: readonly GraphqlError[];
  }> = [...(prefetched?.answers ?? [])];
  let pull = prefetched?.pull;
  const asked = new Set(answers.flatMap((a) => a.teams.map((t) => t.toLowerCase())));
  const missing = teams.filter((t) => !asked.has(t.toLowerCase()));
  if (!pull || missing.length) {
    const aliases = missing.map((_, i) => `m${i}`);
    const answer = await ask(
      octokit,
      approvalFactsQuery(owner, repo, pull ? undefined : request.pullNumber, missing),
      aliases,
    );
    answers.push({ teams: missing, ...answer });
    pull ??=
      (answer.data.repository as { pullRequest: Record<string, unknown> | null } | null)?.pullRequest ??
      undefined;
  }
  if (!pull) throw new Error(`GitHub did not return pull request #${request.pullNumber} of ${owner}/${repo}`);

  const actor = (a: ActorNode | null) =>
    a ? (a.__typename === 'Bot' ? `${a.login}[bot]` : a.login) : 'ghost';
  const reviews: ReviewFact[] = (
    (pull.reviews as { nodes: Array<ReviewNode | null> | null }).nodes ?? []
  ).flatMap((r) =>
    r
      ? [
          {
            login: actor(r.author),
            bot: r.author?.__typename === 'Bot',
            state: r.state as ReviewState,
            ...(r.commit?.oid ? { commitSha: r.commit.oid } : {}),
            ...(r.submittedAt ? { submittedAt: r.submittedAt } : {}),
          },
        ]
      : [],
  );

  // Commits: 100 per query, up to MAX_COMMIT_PAGES.
  let page = pull.commits as CommitsPage;
  const commits: CommitFact[] = [];
  let commitsRead: MaybeAvailable<CommitFact[]> | undefined;
  for (let n = 1; ; n++) {
    for (const node of page.nodes ?? [])
      if (node) commits.push({ sha: node.commit.oid, people: toPeople(node.commit) });
    if (!page.pageInfo.hasNextPage) break;
    if (n >= MAX_COMMIT_PAGES) {
      commitsRead = {
        unavailable: `the pull request has ${page.totalCount} commits; only the first ${commits.length} were read`,
      };
      break;
    }
    const next = await ask(
      octokit,
      approvalFactsQuery(owner, repo, request.pullNumber, [], page.pageInfo.endCursor ?? undefined),
      [],
    );
    page = (next.data.repository as { pullRequest: { commits: CommitsPage } }).pullRequest.commits;
  }

  // Teams: members of the first query; a team with more than 100 asks again for the logins that matter.
  const members: Record<string, MaybeAvailable<string[]>> = {};
  const large: string[] = [];
  for (const answer of answers)
    answer.teams.forEach((team, i) => {
      const errors = answer.errors.filter((e) => e.path?.[0] === `m${i}`);
      const node = (answer.data[`m${i}`] as { team: MembersNode | null } | null)?.team;
      if (!node || errors.length)
        members[team.toLowerCase()] = { unavailable: teamUnavailable(team, errors) };
      else {
        members[team.toLowerCase()] = (node.members.nodes ?? []).flatMap((m) => (m ? [m.login] : []));
        if (node.members.pageInfo.hasNextPage) large.push(team);
      }
    });
  const author = pull.author ? actor(pull.author as ActorNode) : undefined;
  if (large.length) {
    const logins = [
      ...new Set([
        ...(author ? [author] : []),
        ...reviews.filter((r) => r.state === 'APPROVED').map((r) => r.login),
      ]),
    ];
    const checks = large.flatMap((team) => logins.map((login) => ({ team, login })));
    if (checks.length) {
      try {
        const answer = await ask(
          octokit,
          teamMembershipQuery(checks),
          checks.map((_, i) => `q${i}`),
        );
        checks.forEach(({ team, login }, i) => {
          const node = (answer.data[`q${i}`] as { team: MembersNode | null } | null)?.team;
          const found = node?.members.nodes?.some((m) => m?.login.toLowerCase() === login.toLowerCase());
          const list = members[team.toLowerCase()];
          if (found && Array.isArray(list) && !list.some((m) => m.toLowerCase() === login.toLowerCase()))
            list.push(login);
        });
      } catch (error) {
        for (const team of large)
          members[team.toLowerCase()] = {
            unavailable: `the members of ${team} (over 100) could not be searched: ${describeGitHubError(error)}`,
          };
      }
    }
  }

  return { ...(author ? { author } : {}), reviews, commits: commitsRead ?? commits, teams: members };
}
