import { describe, expect, it } from '@jest/globals';
import { cli, commit, newRepo } from './git-repo.js';

// Fake credentials of well-known shapes: none of them may appear in any output.
const SECRETS = {
  password: 'Xk3-fake-pass-Qz9w7-plain',
  aws: 'AKIAIOSFODNN7FAKEKEY',
  github: 'ghp_FAKEfake0123456789abcdefABCDEF012345',
  stringDataToken: 'tok-9f8e7d6c5b4a3f2e1d0c-fake',
};

const manifests = `apiVersion: v1
kind: Secret
metadata: {name: db, namespace: apps}
stringData:
  password: ${SECRETS.password}
  api-token: ${SECRETS.stringDataToken}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: apps}
data:
  aws.conf: |
    aws_access_key_id = ${SECRETS.aws}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: apps}
spec:
  template:
    spec:
      containers:
        - name: api
          image: ghcr.io/example/api:1.0
          env:
            - name: GITHUB_TOKEN
              value: ${SECRETS.github}
            - name: DB_PASSWORD
              value: ${SECRETS.password}
---
apiVersion: v1
kind: Secret
metadata:
  name: repo
  namespace: argocd
  labels: {argocd.argoproj.io/secret-type: repository}
stringData:
  url: https://github.com/example/repo.git
  password: ${SECRETS.password}
`;

function expectNoSecret(output: string): void {
  for (const value of Object.values(SECRETS)) {
    expect(output).not.toContain(value);
    expect(output).not.toContain(value.slice(0, 12));
  }
}

describe('secret values are redacted in every output', () => {
  it('scan: text, JSON and SARIF report the secrets without their values', async () => {
    const dir = newRepo({ 'apps/all.yaml': manifests });
    const json = await cli(['scan', dir, '--format', 'json', '--severity-threshold', 'info'], dir);
    const rules = JSON.parse(json.stdout).findings.map((f: { ruleId: string }) => f.ruleId);
    expect(rules).toEqual(expect.arrayContaining(['secret-plaintext', 'secret-in-configmap', 'workload-secret-env-literal', 'argocd-secret-plaintext-credentials']));
    expectNoSecret(json.stdout);
    for (const format of ['text', 'sarif']) expectNoSecret((await cli(['scan', dir, '--format', format], dir)).stdout);
  });

  it('diff: text, JSON, SARIF and markdown (the PR summary) report them without values', async () => {
    const dir = newRepo({ 'apps/readme.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: b}\n' });
    commit(dir, { 'apps/all.yaml': manifests }, 'add secrets');
    for (const format of ['text', 'json', 'sarif', 'markdown']) {
      const out = await cli(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', format, '--no-repo-checks'], dir);
      expect(out.stdout.length).toBeGreaterThan(100);
      expectNoSecret(out.stdout);
    }
  });
});
