import { describe, expect, it } from '@jest/globals';
import { evaluate, summary } from '../../test/helpers/policy-tester.js';

const clusterPolicy = (rules: string, action = 'Enforce', name = 'security') => `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata:
  name: ${name}
spec:
  validationFailureAction: ${action}
  rules:
${rules.replace(/^/gm, '    ')}
`;

const deployment = (name: string, container: string, ns = 'apps', labels = '{app: web}') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
  labels: ${labels}
spec:
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: app
${container.replace(/^/gm, '          ')}
`;

const privileged = `- name: no-privileged
  match:
    any:
      - resources:
          kinds: [Pod]
  validate:
    message: Privileged containers are not allowed.
    pattern:
      spec:
        containers:
          - =(securityContext):
              =(privileged): false
`;

describe('Kyverno policies', () => {
  it('evaluates pattern rules on pods and, by auto-generation, on pod controllers, at the exact line', () => {
    const files = {
      'policy.yaml': clusterPolicy(privileged),
      'bad.yaml': deployment('bad', 'image: x\nsecurityContext:\n  privileged: true'),
      'good.yaml': deployment('good', 'image: x\nsecurityContext:\n  privileged: false'),
      'pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      securityContext: {privileged: true}\n',
    };
    const { findings, policyFindings } = evaluate(files);
    expect(policyFindings).toEqual([]);
    expect(findings.map(summary)).toEqual([
      'kyverno/security/no-privileged high bad.yaml:16 Privileged containers are not allowed. (/spec/containers/0/securityContext/privileged/: expected false, found true)',
      'kyverno/security/no-privileged high pod.yaml:7 Privileged containers are not allowed. (/spec/containers/0/securityContext/privileged/: expected false, found true)',
    ]);
  });

  it('maps validationFailureAction and validate.failureAction to severity', () => {
    const bad = { 'bad.yaml': deployment('bad', 'image: x\nsecurityContext:\n  privileged: true') };
    expect(evaluate({ ...bad, 'p.yaml': clusterPolicy(privileged, 'Audit') }).findings.map((f) => f.severity)).toEqual(['medium']);
    expect(evaluate({ ...bad, 'p.yaml': clusterPolicy(privileged.replace('    message:', '    failureAction: Enforce\n    message:'), 'Audit') }).findings.map((f) => f.severity)).toEqual(['high']);
  });

  it('evaluates anyPattern', () => {
    const rule = `- name: run-as-non-root
  match: {any: [{resources: {kinds: [Deployment]}}]}
  validate:
    message: Run as non-root.
    anyPattern:
      - spec: {template: {spec: {securityContext: {runAsNonRoot: true}}}}
      - spec: {template: {spec: {containers: [{securityContext: {runAsNonRoot: true}}]}}}
`;
    const files = { 'p.yaml': clusterPolicy(rule), 'a.yaml': deployment('a', 'image: x\nsecurityContext: {runAsNonRoot: true}'), 'b.yaml': deployment('b', 'image: x') };
    expect(evaluate(files).findings.map((f) => `${f.resource?.name} ${f.line} ${f.message}`)).toEqual(['b 1 Run as non-root. (no pattern of anyPattern matches)']);
  });

  it('evaluates deny conditions with request.object variables, and substitutes them in the message', () => {
    const rule = `- name: no-default-namespace
  match:
    any:
      - resources: {kinds: ["apps/v1/Deployment"]}
  validate:
    message: "{{ request.object.metadata.name }} may not run in {{request.object.metadata.namespace}}."
    deny:
      conditions:
        any:
          - key: "{{ request.object.metadata.namespace }}"
            operator: AnyIn
            value: [default, kube-*]
`;
    const files = { 'p.yaml': clusterPolicy(rule), 'a.yaml': deployment('a', 'image: x', 'default'), 'b.yaml': deployment('b', 'image: x', 'kube-system'), 'c.yaml': deployment('c', 'image: x', 'apps') };
    expect(evaluate(files).findings.map((f) => f.message)).toEqual(['a may not run in default.', 'b may not run in kube-system.']);
  });

  it('evaluates cel rules over object', () => {
    const rule = `- name: replicas
  match: {any: [{resources: {kinds: [Deployment]}}]}
  validate:
    cel:
      variables:
        - name: max
          expression: "3"
      expressions:
        - expression: "!has(object.spec.replicas) || object.spec.replicas <= variables.max"
          message: Too many replicas.
`;
    const files = { 'p.yaml': clusterPolicy(rule), 'a.yaml': deployment('a', 'image: x').replace('spec:\n  template', 'spec:\n  replicas: 5\n  template'), 'b.yaml': deployment('b', 'image: x') };
    expect(evaluate(files).findings.map((f) => `${f.resource?.name} ${f.message}`)).toEqual(['a Too many replicas.']);
  });

  it('matches kinds, namespaces, names (wildcards), selectors, and honours exclude', () => {
    const rule = (match: string, exclude = '') => clusterPolicy(`- name: r
  match:
${match.replace(/^/gm, '    ')}
${exclude ? `  exclude:\n${exclude.replace(/^/gm, '    ')}\n` : ''}  validate:
    message: denied
    deny: {}
`);
    const files = {
      'a.yaml': deployment('web-1', 'image: x', 'apps', '{tier: front}'),
      'b.yaml': deployment('api', 'image: x', 'team-b', '{tier: back}'),
      'c.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web-cm, namespace: apps}\n',
    };
    const names = (match: string, exclude?: string) => evaluate({ ...files, 'p.yaml': rule(match, exclude) }).findings.map((f) => f.resource?.name).sort();
    expect(names('any: [{resources: {kinds: [Deployment]}}]')).toEqual(['api', 'web-1']);
    expect(names('any: [{resources: {kinds: ["apps/*/Deployment", "v1/ConfigMap"]}}]')).toEqual(['api', 'web-1', 'web-cm']);
    expect(names('any: [{resources: {kinds: ["*"], names: ["web-*"]}}]')).toEqual(['web-1', 'web-cm']);
    expect(names('any: [{resources: {kinds: [Deployment], namespaces: ["team-?"]}}]')).toEqual(['api']);
    expect(names('any: [{resources: {kinds: [Deployment], selector: {matchLabels: {tier: front}}}}]')).toEqual(['web-1']);
    expect(names('all: [{resources: {kinds: [Deployment]}}, {resources: {namespaces: [apps]}}]')).toEqual(['web-1']);
    expect(names('resources: {kinds: [Deployment]}')).toEqual(['api', 'web-1']);
    expect(names('any: [{resources: {kinds: [Deployment]}}]', 'any: [{resources: {namespaces: [team-b]}}]')).toEqual(['web-1']);
    expect(names('any: [{resources: {kinds: [Deployment]}}]', 'any: [{subjects: [{kind: User, name: admin}]}]')).toEqual(['api', 'web-1']);
  });

  it('a namespaced Policy applies only in its namespace', () => {
    const policy = clusterPolicy(privileged).replace('kind: ClusterPolicy', 'kind: Policy').replace('  name: security', '  name: security\n  namespace: apps');
    const files = { 'p.yaml': policy, 'a.yaml': deployment('a', 'image: x\nsecurityContext: {privileged: true}', 'apps'), 'b.yaml': deployment('b', 'image: x\nsecurityContext: {privileged: true}', 'other') };
    expect(evaluate(files).findings.map((f) => f.resource?.name)).toEqual(['a']);
  });

  it('reports unsupported constructs as not evaluated and keeps evaluating the other rules', () => {
    const rules = `${privileged}- name: with-context
  context:
    - name: cm
      configMap: {name: x, namespace: y}
  match: {any: [{resources: {kinds: [Pod]}}]}
  validate: {message: m, deny: {}}
- name: with-jmespath
  match: {any: [{resources: {kinds: [Pod]}}]}
  validate:
    message: m
    deny:
      conditions:
        all:
          - key: "{{ length(request.object.spec.containers) }}"
            operator: GreaterThan
            value: 1
- name: with-foreach
  match: {any: [{resources: {kinds: [Pod]}}]}
  validate:
    message: m
    foreach: [{list: request.object.spec.containers, pattern: {}}]
- name: bad-cel
  match: {any: [{resources: {kinds: [Pod]}}]}
  validate:
    cel:
      expressions: [{expression: "object.spec.", message: m}]
`;
    const files = { 'p.yaml': clusterPolicy(rules), 'bad.yaml': deployment('bad', 'image: x\nsecurityContext: {privileged: true}') };
    const { findings, policyFindings, ruleIds } = evaluate(files);
    expect(ruleIds).toEqual(['kyverno/security/no-privileged']);
    expect(findings.map((f) => f.ruleId)).toEqual(['kyverno/security/no-privileged']);
    expect(policyFindings.map((f) => `${f.ruleId} ${f.severity} ${f.line} ${f.message.replace(/^.*because /, '')}`)).toEqual([
      'policy-not-evaluated info 21 it uses context (API calls, ConfigMaps, image registries), which needs the cluster.',
      'policy-not-evaluated info 28 the variable {{ length(request.object.spec.containers) }} needs JMESPath functions or the cluster.',
      'policy-not-evaluated info 40 validate.foreach is not supported offline yet.',
      expect.stringMatching(/^policy-error medium 45 .*does not compile/),
    ]);
  });
});
