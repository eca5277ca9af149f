import { describe, expect, it } from '@jest/globals';
import { evaluate, summary } from '../../test/helpers/policy-tester.js';

const deployment = (name: string, labels: string, image: string, ns = 'team-a') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
  labels: ${labels}
spec:
  template:
    spec:
      containers:
        - name: app
          image: ${image}
`;

const rulesFile = `id: require-team-label
title: Workloads carry a team label
severity: high
description: Every workload says which team owns it.
remediation: Add metadata.labels.team.
match:
  apiGroups: [apps]
  kinds: [Deployment, StatefulSet]
validations:
  - expression: has(object.metadata.labels) && 'team' in object.metadata.labels
    message: The workload has no team label.
    fieldPath: metadata.labels
---
id: allowed-registries
title: Images come from our registry
severity: critical
params:
  registries: [registry.example.com/, ghcr.io/example/]
match:
  kinds: [Deployment]
  namespaces: ["team-*"]
  paths: ["apps/**"]
validations:
  - expression: >-
      object.spec.template.spec.containers.all(c,
        params.registries.exists(r, c.image.startsWith(r)))
    messageExpression: "'image ' + object.spec.template.spec.containers[0].image + ' is not from an allowed registry'"
    reportPath: spec.template.spec.containers[0].image
`;

describe('custom CEL rules', () => {
  it('reports failing resources at the field path, with the message and severity of the rule', () => {
    const files = {
      '.github/gitops-guard/policies/rules.yaml': rulesFile,
    };
    const head = {
      'apps/good.yaml': deployment('good', '{team: payments}', 'registry.example.com/web:1'),
      'apps/bad.yaml': deployment('bad', '{app: web}', 'docker.io/nginx:1'),
      'other/bad.yaml': deployment('other', '{app: web}', 'docker.io/nginx:1', 'kube-system'),
    };
    const { findings, policyFindings } = evaluate(head, head, {
      customRuleFiles: Object.entries(files).map(([path, content]) => ({ path, content })),
    });
    expect(policyFindings).toEqual([]);
    expect(findings.map(summary).sort()).toEqual([
      'allowed-registries critical apps/bad.yaml:12 image docker.io/nginx:1 is not from an allowed registry',
      'require-team-label high apps/bad.yaml:6 The workload has no team label.',
      'require-team-label high other/bad.yaml:6 The workload has no team label.',
    ]);
  });

  it('matches label selectors (matchLabels, matchExpressions) and excluded namespaces', () => {
    const rule = `id: prod-replicas
severity: medium
match:
  kinds: [Deployment]
  excludeNamespaces: [kube-*]
  labelSelector:
    matchLabels: {tier: prod}
    matchExpressions:
      - {key: app, operator: NotIn, values: [legacy]}
validations:
  - expression: has(object.spec.replicas) && object.spec.replicas >= 2
    message: Production workloads run at least two replicas.
`;
    const head = {
      'a.yaml': deployment('prod', '{tier: prod, app: web}', 'x'),
      'b.yaml': deployment('dev', '{tier: dev}', 'x'),
      'c.yaml': deployment('legacy', '{tier: prod, app: legacy}', 'x'),
      'd.yaml': deployment('sys', '{tier: prod}', 'x', 'kube-system'),
    };
    const { findings } = evaluate(head, head, { customRuleFiles: [{ path: 'r.yaml', content: rule }] });
    expect(findings.map((f) => `${f.file} ${f.ruleId}`)).toEqual(['a.yaml prod-replicas']);
  });

  it('binds oldObject to the base version of a changed resource, null otherwise', () => {
    const rule = `id: no-replica-drop
severity: high
match: {kinds: [Deployment]}
validations:
  - expression: oldObject == null || object.spec.replicas >= oldObject.spec.replicas
    message: Replicas may not go down in one change.
`;
    const withReplicas = (n: number) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: a}\nspec:\n  replicas: ${n}\n`;
    const custom = { customRuleFiles: [{ path: 'r.yaml', content: rule }] };
    expect(
      evaluate({ 'd.yaml': withReplicas(3) }, { 'd.yaml': withReplicas(1) }, custom).findings.map(
        (f) => f.ruleId,
      ),
    ).toEqual(['no-replica-drop']);
    expect(evaluate({ 'd.yaml': withReplicas(1) }, { 'd.yaml': withReplicas(3) }, custom).findings).toEqual(
      [],
    );
    expect(evaluate({}, { 'd.yaml': withReplicas(1) }, custom).findings).toEqual([]);
  });

  it('reports a file that does not parse, a bad id and an expression that does not compile, and loads the other rules', () => {
    const broken = `id: Bad_Id
severity: high
validations: [{expression: "true", message: x}]
---
id: does-not-compile
severity: high
validations:
  - message: never
    expression: object.spec.replicas >
---
id: pss-privileged
validations: [{expression: "true", message: x}]
---
id: still-works
severity: low
match: {kinds: [ConfigMap]}
validations:
  - expression: "!has(object.data) || size(object.data) < 2"
    message: Too many keys.
`;
    const head = {
      'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: "1", b: "2"}\n',
    };
    const { findings, policyFindings, ruleIds } = evaluate(head, head, {
      customRuleFiles: [
        { path: 'p/broken.yaml', content: broken },
        { path: 'p/unparsable.yaml', content: 'id: x\n  bad: [\n' },
      ],
      reservedIds: ['pss-privileged'],
    });
    expect(ruleIds).toEqual(['still-works']);
    expect(findings.map((f) => f.ruleId)).toEqual(['still-works']);
    expect(policyFindings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual([
      'policy-error p/broken.yaml:1',
      'policy-error p/broken.yaml:9',
      'policy-error p/broken.yaml:11',
      'policy-error p/unparsable.yaml:1',
    ]);
    expect(policyFindings[0]!.message).toMatch(/kebab-case/);
    expect(policyFindings[1]!.message).toMatch(/does not compile/);
    expect(policyFindings[2]!.message).toMatch(/built-in rule/);
  });

  it('turns a runtime error into one finding on the expression line, and goes on with other resources', () => {
    const rule = `id: needs-replicas
severity: high
match: {kinds: [Deployment]}
validations:
  - message: m
    expression: |
      object.spec.replicas > 1
`;
    const ok = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: ok}\nspec: {replicas: 1}\n';
    const head = {
      'a.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec: {}\n',
      'b.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: b}\nspec: {}\n',
      'ok.yaml': ok,
    };
    const { findings, policyFindings } = evaluate(head, head, {
      customRuleFiles: [{ path: 'r.yaml', content: rule }],
    });
    expect(findings.map((f) => f.file)).toEqual(['ok.yaml']);
    expect(policyFindings.map(summary)).toEqual([
      'policy-error medium r.yaml:6 Custom rule needs-replicas: the expression failed on Deployment a (a.yaml) and 1 more resource: No such key: replicas. Those resources were not checked by this expression.',
    ]);
  });

  it('accepts a rules: list and never checks Kustomize patches', () => {
    const list = `rules:\n  - id: one\n    severity: low\n    validations: [{expression: "false", message: always}]\n`;
    const { findings } = evaluate(
      { 'a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n' },
      undefined,
      { customRuleFiles: [{ path: 'r.yaml', content: list }] },
    );
    expect(findings.map((f) => `${f.ruleId} ${f.message}`)).toEqual(['one always']);
  });
});

describe('docs/custom-rules.md examples', () => {
  it('compile without problems and judge resources', async () => {
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(new URL('../../docs/custom-rules.md', import.meta.url), 'utf8');
    const blocks = [...text.matchAll(/```yaml\n([\s\S]*?)```/g)]
      .map((m) => m[1]!)
      .filter((b) => /^id: /m.test(b));
    expect(blocks.length).toBeGreaterThanOrEqual(5);
    const head = {
      'teams/a.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: payments-prod
  labels: {team: checkout}
spec:
  template:
    spec:
      containers:
        - name: app
          image: docker.io/web:1
          resources: {limits: {memory: 16Gi}}
`,
    };
    const { findings, policyFindings } = evaluate(head, head, {
      customRuleFiles: blocks.map((content, i) => ({ path: `doc-${i}.yaml`, content })),
    });
    expect(policyFindings.map(summary)).toEqual([]);
    expect(findings.map((f) => `${f.ruleId}: ${f.message}`).sort()).toEqual([
      'allowed-registries: Every image must come from registry.example.com or ghcr.io/example.',
      'memory-limit-cap: A container may not ask for 8Gi of memory or more.',
      'required-labels: missing labels: app.kubernetes.io/name, cost-center',
      'team-namespaces: namespace payments-prod does not belong to team checkout',
    ]);
  });
});
