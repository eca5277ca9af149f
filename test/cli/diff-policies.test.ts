import { describe, expect, it } from '@jest/globals';
import { cli, commit, git, newRepo, parseJson, write } from './git-repo.js';

const vap = (maxReplicas: number, extra = '') => `apiVersion: admissionregistration.k8s.io/v1
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
${extra}  validations:
    - expression: object.spec.replicas <= ${maxReplicas}
      message: At most ${maxReplicas} replicas.
      fieldPath: spec.replicas
`;

const binding = (actions = '[Deny]') => `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: max-replicas-binding
spec:
  policyName: max-replicas
  validationActions: ${actions}
`;

const deploy = (name: string, replicas: number, ns = 'prod') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  replicas: ${replicas}
`;

const kyvernoPolicy = `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata:
  name: team-label
spec:
  validationFailureAction: Enforce
  rules:
    - name: require-team
      match:
        any:
          - resources:
              kinds: [Deployment]
      validate:
        message: Every Deployment needs a team label.
        pattern:
          metadata:
            labels:
              team: "?*"
`;

const customRule = (expression: string) => `id: replicas-set
title: Replicas are set explicitly
severity: high
description: Deployments say how many replicas they run.
remediation: Set spec.replicas.
match:
  kinds: [Deployment]
validations:
  - expression: ${expression}
    message: spec.replicas must be at least 2.
`;

const ids = (stdout: string) =>
  parseJson(stdout)
    .findings.filter((f) => /^(vap|kyverno|policy-|replicas-set|delta-admission)/.test(f.ruleId))
    .map((f) => `${f.status} ${f.ruleId} ${f.severity} ${f.file}`)
    .sort();

describe('gitops-guard diff with the repository policies of the base commit', () => {
  it('reports a resource that violates a base ValidatingAdmissionPolicy as vap/<name>, introduced', async () => {
    const dir = newRepo({
      'policies/vap.yaml': vap(5) + '---\n' + binding(),
      'apps/ok.yaml': deploy('ok', 2),
    });
    const base = git(dir, 'rev-parse', 'HEAD').trim();
    commit(dir, { 'apps/big.yaml': deploy('big', 10) });
    const { code, stdout } = await cli(['diff', '--base', base, '--head', 'HEAD', '--format', 'json'], dir);
    expect(ids(stdout)).toEqual(['introduced vap/max-replicas high apps/big.yaml']);
    const finding = parseJson(stdout).findings.find((f) => f.ruleId === 'vap/max-replicas')!;
    expect(finding).toMatchObject({ line: 7, message: expect.stringContaining('At most 5 replicas.') });
    expect(code).toBe(1);
    // The same violation already on base is existing, and does not fail the run.
    commit(dir, { 'apps/big.yaml': `# comment\n${deploy('big', 10)}` });
    const again = await cli(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json'], dir);
    expect(ids(again.stdout)).toEqual(['existing vap/max-replicas high apps/big.yaml']);
    expect(again.code).toBe(0);
  });

  it('a change that weakens the VAP is still judged by the base version (and the weakening is a risky delta)', async () => {
    const dir = newRepo({ 'policies/vap.yaml': vap(5) + '---\n' + binding('[Deny]') });
    // In the work tree: raise the limit and switch the binding to Audit, and add a big Deployment.
    write(dir, {
      'policies/vap.yaml': vap(100) + '---\n' + binding('[Audit]'),
      'apps/big.yaml': deploy('big', 10),
    });
    const { code, stdout } = await cli(['diff', '--base', 'HEAD', '--format', 'json'], dir);
    expect(ids(stdout)).toEqual([
      'introduced delta-admission-policy-weakened high policies/vap.yaml',
      'introduced vap/max-replicas high apps/big.yaml',
    ]);
    expect(code).toBe(1);
  });

  it('a Kyverno policy added by the change does not judge the change; once merged it judges the next one', async () => {
    const dir = newRepo({ 'apps/a.yaml': deploy('a', 2) });
    const base = git(dir, 'rev-parse', 'HEAD').trim();
    commit(dir, { 'policies/team.yaml': kyvernoPolicy, 'apps/b.yaml': deploy('b', 2) });
    const first = await cli(['diff', '--base', base, '--head', 'HEAD', '--format', 'json'], dir);
    expect(ids(first.stdout)).toEqual([]);
    commit(dir, { 'apps/c.yaml': deploy('c', 2) });
    const second = await cli(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json'], dir);
    expect(ids(second.stdout)).toEqual(['introduced kyverno/team-label/require-team high apps/c.yaml']);
    expect(second.code).toBe(1);
  });

  it('finds Namespace manifests in files the change does not touch (the whole base tree is read)', async () => {
    const policy = vap(5, '    namespaceSelector:\n      matchLabels: {env: prod}\n');
    const dir = newRepo({
      'policies/vap.yaml': policy + '---\n' + binding(),
      'namespaces/prod.yaml':
        'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: prod\n  labels: {env: prod}\n',
      'namespaces/dev.yaml':
        'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: dev\n  labels: {env: dev}\n',
    });
    write(dir, { 'apps/prod.yaml': deploy('big', 10, 'prod'), 'apps/dev.yaml': deploy('big', 10, 'dev') });
    const { stdout } = await cli(['diff', '--base', 'HEAD', '--format', 'json'], dir);
    expect(ids(stdout)).toEqual(['introduced vap/max-replicas high apps/prod.yaml']);
  });

  it('reads params and Namespaces of unchanged files among documents that only mention their kinds', async () => {
    // The base side is context: only documents that may hold a policy, a Namespace or the params' kind are parsed.
    const policy = vap(5, '    namespaceSelector:\n      matchLabels: {env: prod}\n')
      .replace(
        '  matchConstraints:',
        '  paramKind:\n    apiVersion: v1\n    kind: ConfigMap\n  matchConstraints:',
      )
      .replace('object.spec.replicas <= 5', 'object.spec.replicas <= int(params.data.max)');
    const bound = binding().replace(
      '  validationActions:',
      '  paramRef:\n    name: limits\n    namespace: prod\n  validationActions:',
    );
    const crd =
      'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: x.example.com\nspec:\n  description: Namespace and ConfigMap are only words here.\n';
    const dir = newRepo({
      'policies/vap.yaml': policy + '---\n' + bound,
      'platform/all.yaml': [
        crd,
        'apiVersion: v1\nkind: "Namespace"\nmetadata:\n  name: prod\n  labels: {env: prod}\n',
        'apiVersion: v1\nkind: !!str ConfigMap\nmetadata:\n  name: limits\n  namespace: prod\ndata:\n  max: "3"\n',
      ].join('---\n'),
    });
    write(dir, { 'apps/prod.yaml': deploy('big', 4, 'prod') });
    const { stdout } = await cli(['diff', '--base', 'HEAD', '--format', 'json'], dir);
    expect(ids(stdout)).toEqual(['introduced vap/max-replicas high apps/prod.yaml']);
  });

  it('runs custom CEL rules of the base commit; a broken rule file in the change is an introduced policy-error', async () => {
    const dir = newRepo({
      '.github/gitops-guard/policies/replicas.yaml': customRule(
        'has(object.spec.replicas) && object.spec.replicas >= 2',
      ),
    });
    const base = git(dir, 'rev-parse', 'HEAD').trim();
    // The change breaks the rule (it no longer compiles) and adds a Deployment that violates the base rule.
    commit(dir, {
      '.github/gitops-guard/policies/replicas.yaml': customRule('object.spec.replicas >= ('),
      'apps/one.yaml': deploy('one', 1),
    });
    const { code, stdout } = await cli(['diff', '--base', base, '--head', 'HEAD', '--format', 'json'], dir);
    expect(ids(stdout)).toEqual([
      'introduced policy-error medium .github/gitops-guard/policies/replicas.yaml',
      'introduced replicas-set high apps/one.yaml',
    ]);
    expect(code).toBe(1);

    // Once merged, the broken file's error is existing debt for later changes; the rule no longer loads.
    commit(dir, { 'apps/two.yaml': deploy('two', 1) });
    const later = await cli(
      ['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json', '--severity-threshold', 'medium'],
      dir,
    );
    expect(ids(later.stdout)).toEqual([
      'existing policy-error medium .github/gitops-guard/policies/replicas.yaml',
    ]);
    expect(later.code).toBe(0);

    // A change that repairs it: the error is fixed.
    commit(dir, {
      '.github/gitops-guard/policies/replicas.yaml': customRule(
        'has(object.spec.replicas) && object.spec.replicas >= 2',
      ),
    });
    const repaired = await cli(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json'], dir);
    expect(ids(repaired.stdout)).toEqual([
      'fixed policy-error medium .github/gitops-guard/policies/replicas.yaml',
    ]);
  });

  it('custom rules come from the folder configured on base (policies.paths)', async () => {
    const dir = newRepo({
      '.github/gitops-guard.yml': 'policies:\n  paths: [rules/]\n',
      'rules/replicas.yaml': customRule('has(object.spec.replicas) && object.spec.replicas >= 2'),
    });
    write(dir, { 'apps/one.yaml': deploy('one', 1) });
    const { stdout } = await cli(['diff', '--base', 'HEAD', '--format', 'json'], dir);
    expect(ids(stdout)).toEqual(['introduced replicas-set high apps/one.yaml']);
  });

  it('a runtime error of a base rule is introduced when only the change triggers it, existing when base does too', async () => {
    const dir = newRepo({
      '.github/gitops-guard/policies/replicas.yaml': customRule('object.spec.replicas >= 2'),
      'apps/a.yaml': deploy('a', 3),
    });
    write(dir, {
      'apps/b.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: b, namespace: prod}\nspec: {}\n',
    });
    const fresh = await cli(['diff', '--base', 'HEAD', '--format', 'json'], dir);
    expect(ids(fresh.stdout)).toEqual([
      'introduced policy-error medium .github/gitops-guard/policies/replicas.yaml',
    ]);
    commit(dir, {});
    write(dir, {
      'apps/b.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: b, namespace: prod, labels: {x: y}}\nspec: {}\n',
    });
    const old = await cli(['diff', '--base', 'HEAD', '--format', 'json'], dir);
    expect(ids(old.stdout)).toEqual([
      'existing policy-error medium .github/gitops-guard/policies/replicas.yaml',
    ]);
  });

  it('lists repository policy rules in SARIF', async () => {
    const dir = newRepo({ 'policies/vap.yaml': vap(5) + '---\n' + binding() });
    write(dir, { 'apps/big.yaml': deploy('big', 10) });
    const { stdout } = await cli(['diff', '--base', 'HEAD', '--format', 'sarif'], dir);
    const sarif = JSON.parse(stdout) as {
      runs: {
        results: { ruleId: string }[];
        tool: { driver: { rules: { id: string; shortDescription: { text: string } }[] } };
      }[];
    };
    expect(sarif.runs[0]!.results.map((r) => r.ruleId)).toContain('vap/max-replicas');
    expect(
      sarif.runs[0]!.tool.driver.rules.find((r) => r.id === 'vap/max-replicas')!.shortDescription.text,
    ).not.toBe('vap/max-replicas');
  });
});
