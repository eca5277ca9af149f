import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { commit, git, newRepo } from '../cli/git-repo.js';
import { githubAnswers } from '../helpers/git-answers.js';
import { examplePayload, GitHubMock, testProbot } from '../helpers/github-app-harness.js';
import { CHART, FLUX_SYSTEM, release, SAFE_VALUES } from '../render/helm-change-fixtures.js';

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

describe('the app on a Helm values change', () => {
  it('comments the introduced finding on the HelmRelease values line, with a suggestion, and fails the check', async () => {
    const dir = newRepo({
      ...CHART,
      'clusters/prod/flux-system/gotk-sync.yaml': FLUX_SYSTEM,
      'clusters/prod/api.yaml': release(SAFE_VALUES),
    });
    const base = git(dir, 'rev-parse', 'HEAD').trim();
    const head = commit(dir, {
      'clusters/prod/api.yaml': release(SAFE_VALUES.replace('hostNetwork: false', 'hostNetwork: true')),
    });
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
    expect(done).toMatchObject({ status: 'completed', conclusion: 'failure' });
    const [review] = mock.bodies('post', '/reviews');
    const comment = review.comments.find((c: any) => c.body.includes('**pss-host-namespaces**'));
    expect(comment).toMatchObject({ path: 'clusters/prod/api.yaml', line: 17, side: 'RIGHT' });
    expect(comment.body).toContain('```suggestion\n    hostNetwork: false\n```');
    expect(comment.body).toContain('chart charts/api via HelmRelease apps/api');
  }, 120_000);
});
