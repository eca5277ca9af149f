import { describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, commit, newRepo, parseJson, write } from './git-repo.js';

/** `--policy-repo DIR`: admission policies of another repository (policies.repository), for scan and diff. */

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
    - expression: object.spec.replicas <= 5
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

const deploy = (replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: prod
spec:
  replicas: ${replicas}
`;

const CONFIG = 'policies:\n  repository:\n    name: acme/platform-policies\n    paths: ["admission/**"]\n';

function policyRepo(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gg-policy-repo-'));
  // Outside `paths`: ignored (it would otherwise deny every Deployment).
  write(dir, {
    'admission/vap.yaml': VAP,
    'other/strict.yaml': VAP.replace(/<= 5/, '<= 0').replace(/max-replicas/g, 'no-replicas'),
  });
  return dir;
}

const ids = (stdout: string) => parseJson(stdout).findings.map((f) => f.ruleId);

describe('--policy-repo', () => {
  it('scan: a VAP of the policy repository judges the scanned resources', async () => {
    const repo = newRepo({ '.github/gitops-guard.yml': CONFIG, 'apps/web.yaml': deploy(10) });
    const out = await cli(['scan', '--format', 'json', '--policy-repo', policyRepo(), repo], repo);
    expect(ids(out.stdout)).toContain('vap/max-replicas');
    expect(ids(out.stdout)).not.toContain('vap/no-replicas');
    expect(parseJson(out.stdout).findings.find((f) => f.ruleId === 'vap/max-replicas')!.message).toContain(
      'At most 5 replicas.',
    );
    expect(out.stderr).not.toContain('not evaluated locally');
  });

  it('scan without --policy-repo: one note on stderr, no policy of it applied', async () => {
    const repo = newRepo({ '.github/gitops-guard.yml': CONFIG, 'apps/web.yaml': deploy(10) });
    const out = await cli(['scan', '--format', 'json', repo], repo);
    expect(ids(out.stdout)).not.toContain('vap/max-replicas');
    expect(
      out.stderr.match(/acme\/platform-policies \(policies\.repository\) were not evaluated locally/g),
    ).toHaveLength(1);
  });

  it('diff: the policy repository as it is on disk judges the change', async () => {
    const repo = newRepo({ '.github/gitops-guard.yml': CONFIG, 'apps/web.yaml': deploy(1) });
    commit(repo, { 'apps/web.yaml': deploy(10) });
    const out = await cli(
      ['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json', '--policy-repo', policyRepo()],
      repo,
    );
    const finding = parseJson(out.stdout).findings.find((f) => f.ruleId === 'vap/max-replicas');
    expect(finding).toMatchObject({ status: 'introduced', file: 'apps/web.yaml', line: 7 });
    expect(out.code).toBe(1);
  });

  it('a --policy-repo that is no directory is a usage error', async () => {
    const repo = newRepo({ 'apps/web.yaml': deploy(1) });
    const out = await cli(['scan', '--policy-repo', 'nope', repo], repo);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('--policy-repo nope: not a directory');
  });
});
