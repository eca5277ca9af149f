import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { TestOctokit } from '../helpers/test-octokit.js';
import { fetchRepoCheckData } from '../../src/github/fetch-repo-snapshot.js';
import type { RepoSnapshot } from '../../src/repo-checks/index.js';
import { resolveRepositoryConfig, runRepoChecks } from '../../src/repo-checks/index.js';
import { graphqlErrors } from '../helpers/github-graphql.js';

const API = 'https://api.github.com';
const REPO = '/repos/octo/gitops';
const BASE = 'b'.repeat(40);
const HEAD = 'h'.repeat(40);

const octokit = () => new TestOctokit({ auth: { token: 'test' } });

const restCommit = (i: number, verified = true) => ({
  sha: String(i).padStart(40, '0'),
  author: { login: 'alice', type: 'User' },
  committer: { login: 'alice', type: 'User' },
  commit: {
    message: `commit ${i}`,
    verification: { verified, reason: verified ? 'valid' : 'unsigned', signature: null },
  },
});

beforeEach(() => nock.disableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  nock.enableNetConnect();
  expect(pending).toEqual([]);
});

const config = resolveRepositoryConfig({
  codeowners: { sensitivePaths: [{ pattern: 'clusters/prod/**', owners: ['@org/security'] }] },
});

// CODEOWNERS texts come from the review's own blob query (gather-pull-request); this reads the rest.
describe('fetchRepoCheckData', () => {
  it('reads 260 commits past the 250 limit, CODEOWNERS errors at the head, protection and rulesets', async () => {
    const commits = Array.from({ length: 260 }, (_, i) => restCommit(i, i !== 255));
    for (let page = 1; page <= 3; page++) {
      nock(API)
        .get(`${REPO}/compare/${BASE}...${HEAD}`)
        .query({ per_page: '100', page: String(page) })
        .reply(200, {
          status: 'ahead',
          total_commits: 260,
          commits: commits.slice((page - 1) * 100, page * 100),
        });
    }
    // The ruleset rules: GraphQL `Ref.rules` of refs/heads/main (an evaluate-mode ruleset enforces nothing, as REST omits it).
    const ruleset = (id: number, enforcement = 'ACTIVE') => ({
      databaseId: id,
      name: `ruleset ${id}`,
      enforcement,
      source: { __typename: 'Repository', nameWithOwner: 'octo/gitops' },
      bypassActors: { pageInfo: { hasNextPage: false }, nodes: [] },
    });
    let rulesQuery: { query: string; variables: Record<string, unknown> } | undefined;
    nock(API)
      .post(
        '/graphql',
        (body) => /query GitopsGuardBranchRules/.test(body.query) && ((rulesQuery = body), true),
      )
      .reply(200, {
        data: {
          repository: {
            baseRef: {
              rules: {
                pageInfo: { hasNextPage: false, endCursor: null },
                nodes: [
                  {
                    type: 'PULL_REQUEST',
                    parameters: {
                      __typename: 'PullRequestParameters',
                      requiredApprovingReviewCount: 2,
                      requireCodeOwnerReview: true,
                      dismissStaleReviewsOnPush: true,
                      requireLastPushApproval: false,
                      requiredReviewThreadResolution: false,
                    },
                    repositoryRuleset: ruleset(3),
                  },
                  { type: 'DELETION', parameters: null, repositoryRuleset: ruleset(3) },
                  {
                    type: 'REQUIRED_SIGNATURES',
                    parameters: null,
                    repositoryRuleset: ruleset(4, 'EVALUATE'),
                  },
                ],
              },
            },
          },
        },
      });
    nock(API)
      .get(`${REPO}/codeowners/errors`)
      // The pull request changes CODEOWNERS: GitHub's errors of its version, at the head.
      .query({ ref: HEAD })
      .reply(200, {
        errors: [
          {
            line: 1,
            column: 3,
            kind: 'Unknown owner',
            source: '* @org/platform',
            suggestion: null,
            message: 'Unknown owner on line 1',
            path: 'CODEOWNERS',
          },
        ],
      });
    nock(API)
      .get(`${REPO}/branches/main/protection`)
      .reply(404, { message: 'Branch not protected', documentation_url: 'https://docs.github.com/rest' });
    // GraphQL gave ruleset 3 an empty bypass list: REST decides, and without write access it omits the list.
    nock(API)
      .get(`${REPO}/rulesets/3`)
      .query({ includes_parents: 'true' })
      .reply(200, { id: 3, name: 'main', current_user_can_bypass: 'never' });

    const data = await fetchRepoCheckData(octokit(), 'octo', 'gitops', {
      baseSha: BASE,
      headSha: HEAD,
      baseRef: 'main',
      commits: true,
      codeownersErrorsRef: HEAD,
      protection: true,
    });
    const snapshot: RepoSnapshot = {
      repository: 'octo/gitops',
      changedFiles: [{ path: 'CODEOWNERS' }, { path: 'clusters/prod/app.yaml' }],
      appId: 42,
      codeowners: { path: 'CODEOWNERS', text: '* @org/platform\n/clusters/prod/ @org/security\n' },
      headCodeowners: { path: 'CODEOWNERS', text: '* @org/platform\n' },
      codeownersErrorsAt: 'head',
      ...data,
    };
    expect(Array.isArray(snapshot.commits) && snapshot.commits.length).toBe(260);
    expect(snapshot.commitCount).toBe(260);
    expect(graphqlErrors(rulesQuery!.query)).toEqual([]);
    expect(rulesQuery!.variables).toMatchObject({
      owner: 'octo',
      repo: 'gitops',
      baseRef: 'refs/heads/main',
    });
    expect(snapshot.protection).toMatchObject({
      branch: 'main',
      classic: { protected: false },
      rulesets: [{ id: 3, name: 'ruleset 3', current_user_can_bypass: 'never' }],
    });
    expect(snapshot.protection!.rules).toEqual([
      {
        type: 'pull_request',
        ruleset_id: 3,
        ruleset_source_type: 'Repository',
        ruleset_source: 'octo/gitops',
        parameters: {
          required_approving_review_count: 2,
          require_code_owner_review: true,
          dismiss_stale_reviews_on_push: true,
          require_last_push_approval: false,
          required_review_thread_resolution: false,
        },
      },
      { type: 'deletion', ruleset_id: 3, ruleset_source_type: 'Repository', ruleset_source: 'octo/gitops' },
    ]);
    expect(
      (snapshot.protection!.rulesets as Array<{ bypass_actors?: unknown }>)[0]!.bypass_actors,
    ).toBeUndefined();

    const report = runRepoChecks(snapshot, config);
    const byCheck = Object.fromEntries(report.results.map((r) => [r.check, r.outcome]));
    expect(byCheck).toEqual({ 'commit-signatures': 'fail', codeowners: 'fail', 'branch-protection': 'fail' });
    const ids = report.findings.map((f) => f.ruleId);
    expect(ids).toContain('commit-signature-unsigned');
    expect(ids).toContain('codeowners-github-error');
    expect(ids).toContain('codeowners-changed');
    expect(ids).toContain('codeowners-sensitive-owner-removed');
    expect(ids).toContain('branch-protection-require-signed-commits');
    expect(report.findings.find((f) => f.ruleId === 'commit-signature-unsigned')!.path).toBe(
      String(255).padStart(40, '0'),
    );
    // Ruleset bypass actors were not returned: unknown, not a violation.
    expect(report.results[2]!.items.find((i) => i.subject === 'no-admin-bypass')!.outcome).toBe(
      'not_available',
    );
  });

  it('tells a missing permission and the plan apart, and skips disabled checks', async () => {
    nock(API).get(`${REPO}/branches/dev/protection`).reply(403, {
      message: 'Upgrade to GitHub Pro or make this repository public to enable this feature.',
    });
    nock(API)
      .post('/graphql', (body) => /query GitopsGuardBranchRules/.test(body.query))
      .reply(200, {
        data: { repository: { baseRef: null } },
        errors: [
          {
            type: 'FORBIDDEN',
            path: ['repository', 'baseRef', 'rules'],
            locations: [{ line: 3, column: 7 }],
            message: 'Resource not accessible by integration',
          },
        ],
      });
    const data = await fetchRepoCheckData(octokit(), 'octo', 'gitops', {
      baseSha: BASE,
      headSha: HEAD,
      baseRef: 'dev',
      commits: false,
      protection: true,
    });
    const snapshot: RepoSnapshot = { repository: 'octo/gitops', changedFiles: [{ path: 'a.yaml' }], ...data };
    expect(snapshot.commits).toBeUndefined();
    expect(snapshot.protection!.classic).toEqual({
      unavailable: expect.stringContaining('plan does not offer branch protection'),
      status: 403,
    });
    expect(snapshot.protection!.rules).toEqual({
      unavailable: expect.stringMatching(
        /not permitted to read the branch rules .*FORBIDDEN "Resource not accessible by integration"/,
      ),
    });
    const result = runRepoChecks(snapshot, resolveRepositoryConfig(undefined), ['branch-protection'])
      .results[0]!;
    expect(result.outcome).toBe('not_available');
  });
});
