import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import nock from 'nock';
import {
  examplePayload,
  GitHubMock,
  testProbot,
  type RepoChecksSpec,
} from '../helpers/github-app-harness.js';
import { manifestFile } from './fixtures.js';

/**
 * Admission policies from another configured repository (`policies.repository`, issue 7), end to
 * end: real Probot, GitHub mocked with nock, every request body and GraphQL document validated.
 */

const OWNER = 'Codertocat';
const REPO = 'Hello-World';
const API = 'https://api.github.com';
const payload0 = examplePayload<any>('pull_request', 'synchronize');
const NUMBER: number = payload0.number;
const HEAD: string = payload0.pull_request.head.sha;
const BASE: string = payload0.pull_request.base.sha;
const RC: RepoChecksSpec = { base: BASE, head: HEAD, branch: payload0.pull_request.base.ref };

const VAP = `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: max-replicas
spec:
  matchConstraints:
    resourceRules:
      - apiGroups: [apps]
        apiVersions: [v1]
        operations: [CREATE, UPDATE]
        resources: [deployments]
  validations:
    - expression: "!has(object.spec.replicas) || object.spec.replicas <= 5"
      message: At most 5 replicas.
      fieldPath: spec.replicas
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: max-replicas
spec:
  policyName: max-replicas
  validationActions: [Deny]
`;

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: huge
  namespace: shop
spec:
  replicas: 10
  template:
    spec:
      containers:
        - name: app
          image: nginx:1.27
`;
const PATCH = `@@ -0,0 +1,${DEPLOYMENT.trimEnd().split('\n').length} @@\n${DEPLOYMENT.trimEnd()
  .split('\n')
  .map((l) => `+${l}`)
  .join('\n')}`;

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

function pullRequest(config: string, graphqlRequests: number) {
  return mock
    .token(1)
    .findCheckRuns(HEAD)
    .createCheckRun(42)
    .config(config)
    .files(NUMBER, [manifestFile('apps/huge.yaml', PATCH, 'added')])
    .tree(BASE, {
      'apps/other.yaml': DEPLOYMENT.replace('huge', 'other').replace('replicas: 10', 'replicas: 1'),
    })
    .graphql(
      { [`${HEAD}:apps/huge.yaml`]: { text: DEPLOYMENT }, 'main:admission/vap.yaml': { text: VAP } },
      [],
      graphqlRequests,
    )
    .repoChecks(RC)
    .updateCheckRun(42);
}

const done = () => mock.bodies('patch', '/check-runs/42')[0];

describe('policies from another repository', () => {
  it("a ValidatingAdmissionPolicy of the policy repository fires vap/<name> on the pull request's resource", async () => {
    pullRequest(
      'review:\n  comments: "off"\npolicies:\n  repository:\n    name: acme/platform-policies\n    ref: main\n    paths: ["admission/**"]\n',
      2,
    );
    nock(API)
      .get('/repos/acme/platform-policies/git/trees/main')
      .query({ recursive: '1' })
      .reply(200, {
        sha: 'f'.repeat(40),
        url: '',
        truncated: false,
        tree: [
          {
            path: 'admission/vap.yaml',
            mode: '100644',
            type: 'blob',
            sha: 'a'.repeat(40),
            size: VAP.length,
            url: '',
          },
          { path: 'README.md', mode: '100644', type: 'blob', sha: 'b'.repeat(40), size: 10, url: '' },
        ],
      });
    await testProbot().receive({
      id: 'delivery-pr',
      name: 'pull_request',
      payload: examplePayload('pull_request', 'synchronize'),
    });
    const out = done();
    expect(out.conclusion).toBe('failure');
    const annotations = out.output.annotations.map((a: any) => `${a.path}:${a.start_line}:${a.title}`);
    expect(annotations).toContain('apps/huge.yaml:7:vap/max-replicas (high)');
    expect(out.output.summary).toContain('At most 5 replicas.');
    // One blob query to the policy repository (only the files its globs select), one for the pull request.
    const graphql = mock.requests.filter((r) => r.path === '/graphql');
    expect(graphql).toHaveLength(2);
    const policyQuery = graphql.find((r) => r.body.variables.repo === 'platform-policies')!;
    expect(policyQuery.body.variables.owner).toBe('acme');
    expect(
      Object.entries(policyQuery.body.variables)
        .filter(([k]) => /^e\d+$/.test(k))
        .map(([, v]) => v),
    ).toEqual(['main:admission/vap.yaml']);
  });

  it('a policy repository the app cannot read (404): one info finding "not evaluated", and the review completes', async () => {
    pullRequest('review:\n  comments: "off"\npolicies:\n  repository:\n    name: acme/private-policies\n', 1);
    nock(API)
      .get('/repos/acme/private-policies/git/trees/HEAD')
      .query({ recursive: '1' })
      .reply(404, { message: 'Not Found' });
    await testProbot().receive({
      id: 'delivery-pr',
      name: 'pull_request',
      payload: examplePayload('pull_request', 'synchronize'),
    });
    const out = done();
    expect(out.conclusion).toBe('success');
    const text = JSON.stringify(out.output);
    expect(text).toMatch(
      /not evaluated, because the app cannot read acme\/private-policies@HEAD: GitHub answered 404/,
    );
    expect(text).not.toContain('vap/');
  });
});
