import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { commit, git, newRepo } from '../cli/git-repo.js';
import { githubAnswers } from '../helpers/git-answers.js';
import { examplePayload, GitHubMock, testProbot } from '../helpers/github-app-harness.js';
import { ARGO_APP, CHART, FLUX_SYSTEM, release, SAFE_VALUES } from '../render/helm-change-fixtures.js';

/**
 * The app end to end on a pull request that flips one value of a HelmRelease: the chart is rendered
 * (real helm of the bundled layer) on both sides, and the review comment, with its suggestion, lands
 * on the values line the pull request changed. GitHub is nock, request bodies validated against the
 * OpenAPI description (GitHubMock).
 */

const OWNER = 'Codertocat';
const REPO = 'Hello-World';

let mock: GitHubMock;
beforeEach(() => {
  nock.disableNetConnect();
  mock = new GitHubMock(OWNER, REPO);
});
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  nock.enableNetConnect();
  expect(mock.errors).toEqual([]);
  expect(pending).toEqual([]);
});

/** A pull request from `base` to `head` files, reviewed by the app; the review's and the check run's bodies. */
async function review(baseFiles: Record<string, string>, headChanges: Record<string, string>) {
  const dir = newRepo(baseFiles);
  const base = git(dir, 'rev-parse', 'HEAD').trim();
  const head = commit(dir, headChanges);
  const answers = githubAnswers(dir, base, head);
  const payload = examplePayload<any>('pull_request', 'synchronize');
  payload.pull_request.head.sha = head;
  payload.pull_request.base.sha = base;
  payload.pull_request.changed_files = answers.files.length;
  const number: number = payload.number;
  mock
    .token(1)
    .findCheckRuns(head)
    .createCheckRun(42)
    .config(undefined)
    .files(number, answers.files)
    .tree(base, answers.baseTree)
    // One blob query: the chart is unchanged, so its files are read at base (the tree's blobs).
    .graphql(answers.headBlobs, [], 1)
    .repoChecks({ base, head, branch: payload.pull_request.base.ref })
    .review(number)
    .updateCheckRun(42);
  await testProbot().receive({ id: 'delivery-helm', name: 'pull_request', payload });
  const [done] = mock.bodies('patch', '/check-runs/42');
  const [posted] = mock.bodies('post', '/reviews');
  return {
    done,
    comments: posted.comments as Array<{ path: string; line: number; side: string; body: string }>,
  };
}

describe('the app on a Helm values change', () => {
  it('a HelmRelease value: the comment and its suggestion on the values line, and the check fails', async () => {
    const { done, comments } = await review(
      {
        ...CHART,
        'clusters/prod/flux-system/gotk-sync.yaml': FLUX_SYSTEM,
        'clusters/prod/api.yaml': release(SAFE_VALUES),
      },
      { 'clusters/prod/api.yaml': release(SAFE_VALUES.replace('hostNetwork: false', 'hostNetwork: true')) },
    );
    expect(done).toMatchObject({ status: 'completed', conclusion: 'failure' });
    const comment = comments.find((c) => c.body.includes('**pss-host-namespaces**'))!;
    expect(comment).toMatchObject({ path: 'clusters/prod/api.yaml', line: 17, side: 'RIGHT' });
    expect(comment.body).toContain('```suggestion\n    hostNetwork: false\n```');
    expect(comment.body).toContain('chart charts/api via HelmRelease apps/api');
  }, 120_000);

  it('an Argo CD value file: the comment and its suggestion on the changed line', async () => {
    const values = 'securityContext:\n  allowPrivilegeEscalation: false\n';
    const { done, comments } = await review(
      { ...CHART, 'argocd/api.yaml': ARGO_APP, 'values/api-prod.yaml': values },
      { 'values/api-prod.yaml': values.replace('false', 'true') },
    );
    // Below the default threshold (high): commented, the check does not fail.
    expect(done).toMatchObject({ status: 'completed' });
    const comment = comments.find((c) => c.body.includes('**pss-allow-privilege-escalation**'))!;
    expect(comment).toMatchObject({ path: 'values/api-prod.yaml', line: 2, side: 'RIGHT' });
    expect(comment.body).toContain('```suggestion\n  allowPrivilegeEscalation: false\n```');
    expect(comment.body).toContain('via Argo CD Application argocd/api-argo');
  }, 120_000);
});
