import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import { commit, git, newRepo } from '../cli/git-repo.js';
import { githubAnswers } from '../helpers/git-answers.js';
import { examplePayload, GitHubMock, testProbot } from '../helpers/github-app-harness.js';
import { packagedSubchart, PARENT_CHART } from '../helpers/vendored-chart.js';
import { manifestFile } from './fixtures.js';

/**
 * The app end to end on a Kustomize repository (issue 11): real Probot, GitHub mocked with nock
 * (bodies checked against GitHub's OpenAPI, GraphQL against its schema), the overlays rendered
 * by the real kubectl (bundled). The change and its patches come from a real git repository.
 */

const OWNER = 'Codertocat';
const REPO = 'Hello-World';
const payload0 = examplePayload<any>('pull_request', 'synchronize');
const NUMBER: number = payload0.number;
const HEAD: string = payload0.pull_request.head.sha;
const BASE: string = payload0.pull_request.base.sha;
const RC = { base: BASE, head: HEAD, branch: payload0.pull_request.base.ref as string };

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      automountServiceAccountToken: false
      securityContext:
        runAsNonRoot: true
        seccompProfile: {type: RuntimeDefault}
      containers:
        - name: web
          image: registry.example.com/web:1.0.0@sha256:3c9d6e3b0a1f2e4d5c6b7a8f9e0d1c2b3a4f5e6d7c8b9a0f1e2d3c4b5a6f7e8d
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: {drop: [ALL]}
          resources:
            requests: {cpu: 10m, memory: 16Mi}
            limits: {cpu: 100m, memory: 64Mi}
          livenessProbe: {httpGet: {path: /, port: 80}}
          readinessProbe: {httpGet: {path: /, port: 80}}
`;
const PATCH = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
`;
const fluxApps = (name: string, namespace: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {name: ${name}, namespace: flux-system}
spec:
  path: ./apps/prod
  sourceRef: {kind: GitRepository, name: flux-system}
  targetNamespace: ${namespace}
`;
const FILES: Record<string, string> = {
  'apps/base/deployment.yaml': DEPLOYMENT,
  'apps/base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
  'apps/prod/kustomization.yaml': 'resources:\n  - ../base\npatches:\n  - path: patch.yaml\n',
  'apps/prod/patch.yaml': PATCH,
  'clusters/flux-system.yaml': `apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata: {name: flux-system, namespace: flux-system}
spec: {url: https://github.com/${OWNER}/${REPO}.git, interval: 1m}
`,
  // Two clusters deploy the same overlay into different namespaces: two targets.
  'clusters/eu/apps.yaml': fluxApps('apps-eu', 'prod-eu'),
  'clusters/us/apps.yaml': fluxApps('apps-us', 'prod-us'),
};
const TARGETS = [
  'apps/prod (Flux Kustomization flux-system/apps-eu)',
  'apps/prod (Flux Kustomization flux-system/apps-us)',
];

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

/** A pull request from the base files to `changes`, answered by the mock as GitHub would. */
async function review(changes: Record<string, string | null>, expectReview: boolean) {
  const dir = newRepo(FILES);
  const base = git(dir, 'rev-parse', 'HEAD').trim();
  const head = commit(dir, changes);
  const answers = githubAnswers(dir, base, head, { base: BASE, head: HEAD });
  mock
    .token(1)
    .findCheckRuns(HEAD)
    .createCheckRun(42)
    .config(undefined)
    .files(NUMBER, answers.files)
    .tree(BASE, answers.baseTree)
    // One blob query: the base branch's manifests (read for the policies) already hold the closures.
    .graphql(answers.headBlobs)
    .repoChecks(RC)
    .updateCheckRun(42);
  if (expectReview) mock.review(NUMBER);
  const payload = examplePayload<any>('pull_request', 'synchronize');
  payload.pull_request.changed_files = answers.files.length;
  await testProbot().receive({ id: 'delivery-1', name: 'pull_request', payload });
  const [done] = mock.bodies('patch', '/check-runs/42');
  return { done, reviews: mock.bodies('post', '/reviews') };
}

describe('a pull request on a Kustomize repository', () => {
  it('an overlay patch line making the container privileged: the annotation and the inline comment land on that line, naming both targets', async () => {
    const { done, reviews } = await review(
      {
        'apps/prod/patch.yaml': `${PATCH}  template:
    spec:
      containers:
        - name: web
          securityContext:
            privileged: true
`,
      },
      true,
    );
    expect(done).toMatchObject({ status: 'completed', conclusion: 'failure' });
    const annotation = done.output.annotations.find((a: any) => a.message.includes('privileged'));
    expect(annotation).toMatchObject({
      path: 'apps/prod/patch.yaml',
      start_line: 12,
      annotation_level: 'failure',
    });
    expect(annotation.message).toContain(`(in ${TARGETS.join('; ')})`);
    // Only the patch's own lines: never a finding for the patch as if it were a whole Deployment.
    for (const a of done.output.annotations) expect(a.path).toBe('apps/prod/patch.yaml');

    const [body] = reviews;
    expect(body).toMatchObject({ commit_id: HEAD, event: 'COMMENT' });
    const comment = body.comments.find((c: any) => c.body.includes('**pss-privileged**'));
    expect(comment).toMatchObject({ path: 'apps/prod/patch.yaml', line: 12, side: 'RIGHT' });
    for (const target of TARGETS) expect(comment.body).toContain(target);
    // One source line, two targets: one comment.
    expect(body.comments.filter((c: any) => c.body.includes('**pss-privileged**'))).toHaveLength(1);
  }, 60_000);

  it('a pull request that only moves files, with the same rendered output, introduces nothing', async () => {
    const { done, reviews } = await review(
      {
        'apps/base/deployment.yaml': null,
        'apps/base/workloads/web.yaml': DEPLOYMENT,
        'apps/base/kustomization.yaml': 'resources:\n  - workloads/web.yaml\n',
        'apps/prod/patch.yaml': null,
        'apps/prod/patches/replicas.yaml': PATCH,
        'apps/prod/kustomization.yaml':
          'resources:\n  - ../base\npatches:\n  - path: patches/replicas.yaml\n',
      },
      false,
    );
    expect(done).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(done.output.annotations ?? []).toEqual([]);
    expect(reviews).toEqual([]);
  }, 60_000);

  it('a chart whose dependency is a vendored .tgz: the archive is read with git/blobs and rendered, the value line is annotated', async () => {
    const archive = packagedSubchart();
    const ARCHIVE = 'charts/web/charts/sub-0.1.0.tgz';
    const OID = '7'.repeat(40);
    const files = [
      manifestFile(
        'charts/web/values.yaml',
        '@@ -1,2 +1,2 @@\n sub:\n-  privileged: false\n+  privileged: true',
      ),
    ];
    mock
      .token(1)
      .findCheckRuns(HEAD)
      .createCheckRun(42)
      .config(undefined)
      .files(NUMBER, files)
      .tree(BASE, { ...PARENT_CHART, [ARCHIVE]: 'binary' })
      .graphql(
        {
          [`${HEAD}:charts/web/values.yaml`]: { text: 'sub:\n  privileged: true\n' },
          [`${BASE}:${ARCHIVE}`]: { binary: true, oid: OID },
        },
        [],
        2,
      )
      .repoChecks(RC)
      .updateCheckRun(42)
      .review(NUMBER);
    const blobReads: string[] = [];
    mock.scope.get(`/repos/${OWNER}/${REPO}/git/blobs/${OID}`).reply((uri) => {
      blobReads.push(uri);
      return [
        200,
        {
          sha: OID,
          node_id: 'B',
          url: '',
          size: archive.length,
          content: archive.toString('base64'),
          encoding: 'base64',
        },
      ];
    });
    const payload = examplePayload<any>('pull_request', 'synchronize');
    payload.pull_request.changed_files = 1;
    await testProbot().receive({ id: 'delivery-1', name: 'pull_request', payload });
    const [done] = mock.bodies('patch', '/check-runs/42');
    expect(blobReads).toHaveLength(1);
    expect(JSON.stringify(done.output)).not.toMatch(/render-(failed|refused)/);
    const annotation = done.output.annotations.find((a: any) => /privileged/i.test(a.message));
    expect(annotation).toMatchObject({ path: 'charts/web/values.yaml', start_line: 2 });
  }, 60_000);
});
