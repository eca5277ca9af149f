import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { TestOctokit } from '../helpers/test-octokit.js';
import { completeBranchRules, partialRulesAnswer, readBranchRules } from '../../src/github/branch-rules.js';
import { blobsQuery, branchRulesQuery, type RefRulesNode, type RuleNode } from '../../src/github/graphql.js';
import {
  branchRulesFromGraphqlError,
  checkBranchProtection,
  resolveRepositoryConfig,
  type BranchRule,
  type RulesetDetails,
} from '../../src/repo-checks/index.js';
import { graphqlErrors } from '../helpers/github-graphql.js';

/**
 * GraphQL `Ref.rules` mapped to what `GET /rules/branches/{branch}` (and `GET /rulesets/{id}`)
 * gave the branch-protection check: same input, same outcomes.
 */

const API = 'https://api.github.com';
const REPO = '/repos/octo/gitops';
const APP = 42;
const octokit = () => new TestOctokit({ auth: { token: 'test' } });

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  nock.enableNetConnect();
  expect(pending).toEqual([]);
});

type Actor = Partial<
  NonNullable<NonNullable<NonNullable<RuleNode['repositoryRuleset']>['bypassActors']>['nodes']>[number]
>;

const actor = (a: Actor) => ({
  bypassMode: 'ALWAYS',
  organizationAdmin: false,
  enterpriseOwner: false,
  deployKey: false,
  repositoryRoleDatabaseId: null,
  repositoryRoleName: null,
  actor: null,
  ...a,
});

function ruleset(
  id: number,
  options: {
    enforcement?: string;
    actors?: Actor[] | null;
    more?: boolean;
    source?: { __typename: string; login?: string; nameWithOwner?: string };
  } = {},
): RuleNode['repositoryRuleset'] {
  return {
    databaseId: id,
    name: `set ${id}`,
    enforcement: options.enforcement ?? 'ACTIVE',
    source: options.source ?? { __typename: 'Repository', nameWithOwner: 'octo/gitops' },
    bypassActors:
      options.actors === null
        ? null
        : { pageInfo: { hasNextPage: Boolean(options.more) }, nodes: (options.actors ?? []).map(actor) },
  };
}

const PR_PARAMS = (count: number, codeOwners = true, dismiss = true) => ({
  __typename: 'PullRequestParameters',
  requiredApprovingReviewCount: count,
  requireCodeOwnerReview: codeOwners,
  dismissStaleReviewsOnPush: dismiss,
  requireLastPushApproval: false,
  requiredReviewThreadResolution: false,
});
const CHECKS = (integrationId: number | null) => ({
  __typename: 'RequiredStatusChecksParameters',
  requiredStatusChecks: [{ context: 'gitops-guard', integrationId }],
  strictRequiredStatusChecksPolicy: true,
});

const node = (
  type: string,
  parameters: RuleNode['parameters'],
  set: RuleNode['repositoryRuleset'],
): RuleNode => ({ type, parameters, repositoryRuleset: set });
const ref = (nodes: RuleNode[], endCursor: string | null = null): RefRulesNode => ({
  rules: { pageInfo: { hasNextPage: endCursor !== null, endCursor }, nodes },
});

const config = resolveRepositoryConfig(undefined);

/** The check's view of a protection made of rules only (no classic rule). */
function judge(rules: BranchRule[], rulesets?: RulesetDetails[]) {
  const result = checkBranchProtection(
    {
      appId: APP,
      protection: { branch: 'main', classic: { protected: false }, rules, ...(rulesets ? { rulesets } : {}) },
    },
    config,
  );
  return { outcome: result.outcome, items: result.items.map((i) => [i.subject, i.outcome, i.message]) };
}

describe('the GraphQL documents', () => {
  it('the blob query with rules and threads, and the rules-only query, are valid against GitHub schema', () => {
    const withAll = blobsQuery('octo', 'gitops', ['a:b.yaml'], { number: 3 }, { branch: 'main' });
    expect(graphqlErrors(withAll.query)).toEqual([]);
    expect(withAll.variables).toMatchObject({
      baseRef: 'refs/heads/main',
      rulesCursor: null,
      number: 3,
      e0: 'a:b.yaml',
    });
    expect(
      graphqlErrors(blobsQuery('octo', 'gitops', [], undefined, { branch: 'release/1.x' }).query),
    ).toEqual([]);
    const page = branchRulesQuery('octo', 'gitops', { branch: 'main', cursor: 'Y3Vyc29y' });
    expect(graphqlErrors(page.query)).toEqual([]);
    expect(page.variables).toEqual({
      owner: 'octo',
      repo: 'gitops',
      baseRef: 'refs/heads/main',
      rulesCursor: 'Y3Vyc29y',
    });
    // Without rules, the blob query is what it was.
    expect(blobsQuery('octo', 'gitops', ['a:b.yaml']).query).not.toContain('rules');
  });
});

describe('readBranchRules: Ref.rules as the items of rules/branches', () => {
  it('maps every rule type and parameter the check reads, with the ruleset id and source', () => {
    const org = ruleset(2, {
      source: { __typename: 'Organization', login: 'octo' },
      actors: [{ organizationAdmin: true }],
    });
    const read = readBranchRules(
      'main',
      ref([
        node('PULL_REQUEST', PR_PARAMS(2), org),
        node('REQUIRED_SIGNATURES', null, org),
        node('REQUIRED_STATUS_CHECKS', CHECKS(APP), org),
        node('NON_FAST_FORWARD', null, org),
        node('DELETION', null, org),
        node('REQUIRED_STATUS_CHECKS', CHECKS(null), ruleset(3)),
        node('MERGE_QUEUE', { __typename: 'MergeQueueParameters' }, ruleset(3)),
      ]),
    );
    expect(read.rules).toEqual([
      {
        type: 'pull_request',
        ruleset_id: 2,
        ruleset_source_type: 'Organization',
        ruleset_source: 'octo',
        parameters: {
          required_approving_review_count: 2,
          require_code_owner_review: true,
          dismiss_stale_reviews_on_push: true,
          require_last_push_approval: false,
          required_review_thread_resolution: false,
        },
      },
      {
        type: 'required_signatures',
        ruleset_id: 2,
        ruleset_source_type: 'Organization',
        ruleset_source: 'octo',
      },
      {
        type: 'required_status_checks',
        ruleset_id: 2,
        ruleset_source_type: 'Organization',
        ruleset_source: 'octo',
        parameters: {
          required_status_checks: [{ context: 'gitops-guard', integration_id: APP }],
          strict_required_status_checks_policy: true,
        },
      },
      {
        type: 'non_fast_forward',
        ruleset_id: 2,
        ruleset_source_type: 'Organization',
        ruleset_source: 'octo',
      },
      { type: 'deletion', ruleset_id: 2, ruleset_source_type: 'Organization', ruleset_source: 'octo' },
      // No integration: REST leaves integration_id out.
      {
        type: 'required_status_checks',
        ruleset_id: 3,
        ruleset_source_type: 'Repository',
        ruleset_source: 'octo/gitops',
        parameters: {
          required_status_checks: [{ context: 'gitops-guard' }],
          strict_required_status_checks_policy: true,
        },
      },
      {
        type: 'merge_queue',
        ruleset_id: 3,
        ruleset_source_type: 'Repository',
        ruleset_source: 'octo/gitops',
      },
    ]);
    expect(read.rulesets).toEqual([
      {
        id: 2,
        name: 'set 2',
        bypass_actors: [{ actor_type: 'OrganizationAdmin', actor_id: null, bypass_mode: 'always' }],
      },
      { id: 3, name: 'set 3' },
    ]);
    // Ruleset 3's list is empty: REST decides whether that means none or hidden.
    expect(read.confirmBypass).toEqual([3]);
    expect(read.nextCursor).toBeUndefined();
  });

  it('the same protection from REST items and from GraphQL nodes gets the same outcome, item for item', () => {
    // What GET /rules/branches/main and GET /rulesets/{id} (with write access) returned for these rulesets.
    const rest: BranchRule[] = [
      {
        type: 'pull_request',
        ruleset_id: 2,
        ruleset_source_type: 'Organization',
        ruleset_source: 'octo',
        parameters: {
          required_approving_review_count: 1,
          require_code_owner_review: true,
          dismiss_stale_reviews_on_push: false,
          require_last_push_approval: false,
          required_review_thread_resolution: false,
        },
      },
      {
        type: 'required_status_checks',
        ruleset_id: 2,
        ruleset_source_type: 'Organization',
        ruleset_source: 'octo',
        parameters: {
          required_status_checks: [{ context: 'gitops-guard', integration_id: 7 }],
          strict_required_status_checks_policy: true,
        },
      },
      {
        type: 'non_fast_forward',
        ruleset_id: 3,
        ruleset_source_type: 'Repository',
        ruleset_source: 'octo/gitops',
      },
      {
        type: 'pull_request',
        ruleset_id: 3,
        ruleset_source_type: 'Repository',
        ruleset_source: 'octo/gitops',
        parameters: {
          required_approving_review_count: 3,
          require_code_owner_review: false,
          dismiss_stale_reviews_on_push: true,
          require_last_push_approval: false,
          required_review_thread_resolution: false,
        },
      },
    ];
    const restSets: RulesetDetails[] = [
      {
        id: 2,
        name: 'set 2',
        bypass_actors: [{ actor_id: 5, actor_type: 'RepositoryRole', bypass_mode: 'always' }],
      },
      {
        id: 3,
        name: 'set 3',
        bypass_actors: [{ actor_id: 9, actor_type: 'Team', bypass_mode: 'pull_request' }],
      },
    ];
    const org = ruleset(2, {
      source: { __typename: 'Organization', login: 'octo' },
      actors: [{ repositoryRoleDatabaseId: 5, repositoryRoleName: 'admin' }],
    });
    const repo = ruleset(3, {
      actors: [{ bypassMode: 'PULL_REQUEST', actor: { __typename: 'Team', databaseId: 9 } }],
    });
    const read = readBranchRules(
      'main',
      ref([
        node('PULL_REQUEST', PR_PARAMS(1, true, false), org),
        node('REQUIRED_STATUS_CHECKS', CHECKS(7), org),
        node('NON_FAST_FORWARD', null, repo),
        node('PULL_REQUEST', PR_PARAMS(3, false, true), repo),
      ]),
    );
    expect(read.rules).toEqual(rest);
    expect(read.rulesets).toEqual(restSets);
    const fromRest = judge(rest, restSets);
    expect(judge(read.rules as BranchRule[], read.rulesets)).toEqual(fromRest);
    // And the outcome is the expected one: 3 approvals and force pushes pass; signatures, deletions, another app's check fail; ruleset 3 has no admin bypass.
    const byItem = Object.fromEntries(fromRest.items.map(([subject, outcome]) => [subject, outcome]));
    expect(byItem).toMatchObject({
      'required-approvals': 'pass',
      'block-force-pushes': 'pass',
      'require-signed-commits': 'fail',
      'block-deletions': 'fail',
      'required-status-check:gitops-guard': 'fail',
      'no-admin-bypass': 'pass',
    });
  });

  it('a baseline met by rulesets passes from GraphQL as from REST', () => {
    const set = ruleset(4, { actors: [{ actor: { __typename: 'App', databaseId: 15368 } }] });
    const read = readBranchRules(
      'main',
      ref(
        ['PULL_REQUEST', 'REQUIRED_SIGNATURES', 'REQUIRED_STATUS_CHECKS', 'NON_FAST_FORWARD', 'DELETION'].map(
          (t) =>
            node(
              t,
              t === 'PULL_REQUEST' ? PR_PARAMS(2) : t === 'REQUIRED_STATUS_CHECKS' ? CHECKS(APP) : null,
              set,
            ),
        ),
      ),
    );
    expect(read.rulesets).toEqual([
      {
        id: 4,
        name: 'set 4',
        bypass_actors: [{ actor_type: 'Integration', actor_id: 15368, bypass_mode: 'always' }],
      },
    ]);
    expect(judge(read.rules as BranchRule[], read.rulesets).outcome).toBe('pass');
  });

  it('drops rules of evaluate and disabled rulesets, as REST does', () => {
    const read = readBranchRules(
      'main',
      ref([
        node('DELETION', null, ruleset(5, { enforcement: 'EVALUATE' })),
        node('NON_FAST_FORWARD', null, ruleset(6, { enforcement: 'DISABLED' })),
        node('REQUIRED_SIGNATURES', null, ruleset(7)),
      ]),
    );
    expect((read.rules as BranchRule[]).map((r) => r.type)).toEqual(['required_signatures']);
    expect(read.rulesets.map((r) => r.id)).toEqual([7]);
  });

  it('bypass unknown when GraphQL gives no list or an error on it (no REST call then); more than 100 actors are confirmed with REST', () => {
    const read = readBranchRules(
      'main',
      ref([
        node('DELETION', null, ruleset(8, { actors: null })),
        node('DELETION', null, { ...ruleset(9)!, bypassActors: null }),
        node('DELETION', null, ruleset(10, { actors: [{ deployKey: true }], more: true })),
      ]),
      [
        {
          type: 'FORBIDDEN',
          message: 'Must have admin rights to Repository.',
          path: ['repository', 'baseRef', 'rules', 'nodes', 1, 'repositoryRuleset', 'bypassActors'],
        },
      ],
    );
    expect(Array.isArray(read.rules) && read.rules.length).toBe(3);
    expect(read.rulesets).toEqual([
      { id: 8, name: 'set 8' },
      { id: 9, name: 'set 9' },
      {
        id: 10,
        name: 'set 10',
        bypass_actors: [{ actor_type: 'DeployKey', actor_id: null, bypass_mode: 'always' }],
      },
    ]);
    expect(read.confirmBypass).toEqual([10]);
    const noAdmin = checkBranchProtection(
      {
        protection: {
          branch: 'main',
          classic: { protected: false },
          rules: read.rules as BranchRule[],
          rulesets: read.rulesets.slice(0, 2),
        },
      },
      config,
    ).items.find((i) => i.subject === 'no-admin-bypass')!;
    expect(noAdmin.outcome).toBe('not_available');
  });

  it("an error on the rules field makes them unavailable with GitHub's message; a missing ref asks REST", () => {
    const read = readBranchRules('main', null, [
      {
        type: 'FORBIDDEN',
        message: 'Resource not accessible by integration',
        path: ['repository', 'baseRef', 'rules'],
      },
    ]);
    expect(read.rules).toEqual({
      unavailable:
        'this app is not permitted to read the branch rules (Metadata: read) (GitHub\'s GraphQL API: FORBIDDEN "Resource not accessible by integration")',
    });
    expect(
      readBranchRules('main', null, [
        { message: 'Something went wrong', path: ['repository', 'baseRef'] },
        { message: 'again', path: ['repository', 'baseRef', 'rules'] },
      ]).rules,
    ).toEqual({
      unavailable: `GitHub's GraphQL API refused the branch rules: "Something went wrong" (and 1 more error)`,
    });
    expect(readBranchRules('gone', null)).toEqual({
      branch: 'gone',
      rules: [],
      rulesets: [],
      confirmBypass: [],
      refMissing: true,
    });
    expect(branchRulesFromGraphqlError('NOT_FOUND', 'Could not resolve to a Ref').unavailable).toContain(
      'not found',
    );
    expect(
      branchRulesFromGraphqlError(
        undefined,
        'Upgrade to GitHub Pro or make this repository public to enable this feature.',
      ).unavailable,
    ).toContain('plan does not offer rulesets');
  });
});

describe('partialRulesAnswer: which GraphQL errors keep the rest of the data', () => {
  const data = {
    repository: { b0: { text: 'a', isBinary: false, byteSize: 1, isTruncated: false }, baseRef: null },
  };
  const error = (errors: unknown[], d: unknown = data) =>
    Object.assign(new Error('Request failed due to following response errors'), {
      name: 'GraphqlResponseError',
      errors,
      data: d,
    });

  it('errors inside the rules field only: the data stands', () => {
    const partial = partialRulesAnswer(
      error([{ type: 'FORBIDDEN', message: 'no', path: ['repository', 'baseRef', 'rules'] }]),
    );
    expect(partial?.data).toBe(data);
    expect(partial?.errors).toHaveLength(1);
  });

  it('an error elsewhere, without a path, without data or without the repository: the query failed as a whole', () => {
    expect(
      partialRulesAnswer(
        error([
          { type: 'FORBIDDEN', message: 'no', path: ['repository', 'baseRef'] },
          { message: 'blob', path: ['repository', 'b0'] },
        ]),
      ),
    ).toBeUndefined();
    expect(
      partialRulesAnswer(error([{ type: 'RATE_LIMITED', message: 'API rate limit exceeded' }])),
    ).toBeUndefined();
    expect(
      partialRulesAnswer(error([{ message: 'no', path: ['repository', 'baseRef'] }], null)),
    ).toBeUndefined();
    expect(
      partialRulesAnswer(
        error([{ type: 'NOT_FOUND', message: 'Could not resolve to a Repository', path: ['repository'] }], {
          repository: null,
        }),
      ),
    ).toBeUndefined();
    expect(partialRulesAnswer(new Error('socket hang up'))).toBeUndefined();
  });
});

describe('completeBranchRules: the cases GraphQL does not close by itself', () => {
  const rulesPage = (nodes: RuleNode[], endCursor: string | null) => ({
    data: { repository: { baseRef: ref(nodes, endCursor) } },
  });

  it('reads further pages of rules with the rules-only query', async () => {
    const first = readBranchRules(
      'main',
      ref([node('DELETION', null, ruleset(1, { actors: [{ organizationAdmin: true }] }))], 'c1'),
    );
    expect(first.nextCursor).toBe('c1');
    const cursors: unknown[] = [];
    nock(API)
      .post(
        '/graphql',
        (body) => (
          cursors.push(body.variables.rulesCursor),
          graphqlErrors(body.query).length === 0 && /GitopsGuardBranchRules/.test(body.query)
        ),
      )
      .reply(
        200,
        rulesPage(
          [node('NON_FAST_FORWARD', null, ruleset(1, { actors: [{ organizationAdmin: true }] }))],
          'c2',
        ),
      )
      .post('/graphql', (body) => (cursors.push(body.variables.rulesCursor), true))
      .reply(
        200,
        rulesPage([node('REQUIRED_SIGNATURES', null, ruleset(2, { actors: [{ deployKey: true }] }))], null),
      );
    const done = await completeBranchRules(octokit(), 'octo', 'gitops', first);
    expect(cursors).toEqual(['c1', 'c2']);
    expect((done.rules as BranchRule[]).map((r) => r.type)).toEqual([
      'deletion',
      'non_fast_forward',
      'required_signatures',
    ]);
    expect(done.rulesets?.map((r) => r.id)).toEqual([1, 2]);
  });

  it('a page that fails makes the rules unavailable rather than partial', async () => {
    const first = readBranchRules(
      'main',
      ref([node('DELETION', null, ruleset(1, { actors: [{ organizationAdmin: true }] }))], 'c1'),
    );
    nock(API).post('/graphql').reply(502, { message: 'Bad Gateway' });
    const done = await completeBranchRules(octokit(), 'octo', 'gitops', first);
    expect(done.rules).toEqual({
      unavailable: expect.stringMatching(/^GitHub answered 502 .*\(page 2 of the branch rules\)$/),
      status: 502,
    });
  });

  it("a branch GraphQL has no ref for: GET /rules/branches/{branch} (any name) and the rulesets' details, as before", async () => {
    nock(API)
      .get(`${REPO}/rules/branches/gone`)
      .query({ per_page: '100', page: '1' })
      .reply(200, [
        { type: 'deletion', ruleset_id: 3, ruleset_source_type: 'Repository', ruleset_source: 'octo/gitops' },
      ])
      .get(`${REPO}/rulesets/3`)
      .query({ includes_parents: 'true' })
      .reply(200, { id: 3, name: 'main', bypass_actors: [], current_user_can_bypass: 'never' });
    const done = await completeBranchRules(octokit(), 'octo', 'gitops', readBranchRules('gone', null));
    expect(done).toEqual({
      rules: [
        { type: 'deletion', ruleset_id: 3, ruleset_source_type: 'Repository', ruleset_source: 'octo/gitops' },
      ],
      rulesets: [{ id: 3, name: 'main', bypass_actors: [], current_user_can_bypass: 'never' }],
    });
  });

  it('an empty bypass list that REST does not show stays unknown; one REST shows is used', async () => {
    const read = readBranchRules(
      'main',
      ref([node('DELETION', null, ruleset(1)), node('DELETION', null, ruleset(2))]),
    );
    expect(read.confirmBypass).toEqual([1, 2]);
    nock(API)
      .get(`${REPO}/rulesets/1`)
      .query({ includes_parents: 'true' })
      .reply(200, { id: 1, name: 'set 1', current_user_can_bypass: 'never' })
      .get(`${REPO}/rulesets/2`)
      .query({ includes_parents: 'true' })
      .reply(200, { id: 2, name: 'set 2', bypass_actors: [], current_user_can_bypass: 'never' });
    const done = await completeBranchRules(octokit(), 'octo', 'gitops', read);
    expect(done.rulesets).toEqual([
      { id: 1, name: 'set 1', current_user_can_bypass: 'never' },
      { id: 2, name: 'set 2', bypass_actors: [], current_user_can_bypass: 'never' },
    ]);
  });
});
