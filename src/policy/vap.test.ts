import { describe, expect, it } from '@jest/globals';
import { evaluate, summary } from '../../test/helpers/policy-tester.js';

const policy = (spec: string, name = 'replicas') => `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata:
  name: ${name}
spec:
${spec.replace(/^/gm, '  ')}
`;

const binding = (
  actions = '[Deny]',
  extra = '',
  policyName = 'replicas',
) => `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata:
  name: ${policyName}-binding-${actions.replace(/\W/g, '')}
spec:
  policyName: ${policyName}
  validationActions: ${actions}
${extra.replace(/^/gm, '  ')}
`;

const deploy = (name: string, replicas: number, ns = 'prod', labels = '{}') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
  labels: ${labels}
spec:
  replicas: ${replicas}
`;

const basic = `matchConstraints:
  resourceRules:
    - apiGroups: [apps]
      apiVersions: [v1]
      operations: [CREATE, UPDATE]
      resources: [deployments]
validations:
  - expression: object.spec.replicas <= 5
    message: At most 5 replicas.
    fieldPath: spec.replicas
`;

describe('ValidatingAdmissionPolicy', () => {
  it('evaluates resourceRules and reports at the fieldPath with the severity of the validation action', () => {
    const files = {
      'p.yaml': policy(basic),
      'b.yaml': binding('[Deny]'),
      'd.yaml': deploy('big', 10) + '---\n' + deploy('small', 2),
      's.yaml': 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: s}\nspec: {replicas: 10}\n',
    };
    const { findings, policyFindings } = evaluate(files);
    expect(policyFindings).toEqual([]);
    expect(findings.map(summary)).toEqual(['vap/replicas high d.yaml:8 At most 5 replicas.']);
  });

  it.each([
    ['[Warn]', 'medium'],
    ['[Audit]', 'info'],
    ['[Warn, Deny]', 'high'],
  ])('maps validationActions %s to %s', (actions, severity) => {
    const { findings } = evaluate({
      'p.yaml': policy(basic),
      'b.yaml': binding(actions),
      'd.yaml': deploy('big', 10),
    });
    expect(findings.map((f) => f.severity)).toEqual([severity]);
  });

  it('does not match other groups, versions, operations or resources, and honours excludeResourceRules', () => {
    const spec = (rules: string) =>
      basic.replace(/resourceRules:[\s\S]*?validations:/, `${rules}\nvalidations:`);
    const rule = (over: Partial<Record<'g' | 'v' | 'o' | 'r', string>>) =>
      `resourceRules:\n  - apiGroups: [${over.g ?? 'apps'}]\n    apiVersions: [${over.v ?? 'v1'}]\n    operations: [${over.o ?? 'CREATE'}]\n    resources: [${over.r ?? 'deployments'}]`;
    const run = (rules: string) =>
      evaluate({ 'p.yaml': policy(spec(rules)), 'b.yaml': binding(), 'd.yaml': deploy('big', 10) }).findings
        .length;
    expect(run(rule({}))).toBe(1);
    expect(run(rule({ g: '"*"', v: '"*"', o: '"*"', r: '"*"' }))).toBe(1);
    expect(run(rule({ g: 'batch' }))).toBe(0);
    expect(run(rule({ v: 'v1beta1' }))).toBe(0);
    expect(run(rule({ o: 'UPDATE' }))).toBe(0); // a new resource is a CREATE
    expect(run(rule({ r: 'statefulsets' }))).toBe(0);
    expect(
      run(
        `${rule({})}\n  excludeResourceRules:\n  - apiGroups: [apps]\n    apiVersions: ["*"]\n    operations: ["*"]\n    resources: [deployments]\n    resourceNames: [big]`,
      ),
    ).toBe(0);
  });

  it('uses UPDATE and oldObject when the base version differs', () => {
    const spec = basic
      .replace('operations: [CREATE, UPDATE]', 'operations: [UPDATE]')
      .replace('object.spec.replicas <= 5', 'object.spec.replicas >= oldObject.spec.replicas');
    const base = { 'p.yaml': policy(spec), 'b.yaml': binding(), 'd.yaml': deploy('web', 4) };
    expect(evaluate(base, { ...base, 'd.yaml': deploy('web', 2) }).findings.map((f) => f.ruleId)).toEqual([
      'vap/replicas',
    ]);
    expect(evaluate(base, { ...base, 'd.yaml': deploy('web', 6) }).findings).toEqual([]);
  });

  it('takes the old object from the same file, never from another file holding the same identity', () => {
    // Two overlays' copies of one Deployment are not versions of each other.
    const spec = basic
      .replace('operations: [CREATE, UPDATE]', 'operations: [UPDATE]')
      .replace('object.spec.replicas <= 5', 'object.spec.replicas >= oldObject.spec.replicas');
    const base = {
      'p.yaml': policy(spec),
      'b.yaml': binding(),
      'b/d.yaml': deploy('web', 8),
      'a/d.yaml': deploy('web', 4),
    };
    // a/d.yaml goes from 4 to 6: UPDATE against its own base (4), not against b/d.yaml's 8.
    expect(evaluate(base, { ...base, 'a/d.yaml': deploy('web', 6) }).findings).toEqual([]);
    // Judged as it is (a scan): neither copy is an update of the other.
    expect(evaluate(base).findings).toEqual([]);
    // A resource new in a third file, its identity in two others: no old object (CREATE, not matched).
    expect(evaluate(base, { 'c/d.yaml': deploy('web', 1) }).findings).toEqual([]);
    // Moved to another file (its identity only once on base): still an update of it.
    const one = { 'p.yaml': policy(spec), 'b.yaml': binding(), 'a/d.yaml': deploy('web', 4) };
    expect(evaluate(one, { 'c/d.yaml': deploy('web', 2) }).findings.map((f) => f.file)).toEqual(['c/d.yaml']);
  });

  it('gives no resource an old object in a scan (previousResources empty)', () => {
    const spec = basic
      .replace('operations: [CREATE, UPDATE]', 'operations: [CREATE]')
      .replace('object.spec.replicas <= 5', 'oldObject == null');
    const files = { 'p.yaml': policy(spec), 'b.yaml': binding(), 'a/d.yaml': deploy('web', 4) };
    const head = { 'a/d.yaml': deploy('web', 6) };
    // As a diff: an UPDATE, which this CREATE-only policy does not match.
    expect(evaluate(files, head).findings).toEqual([]);
    expect(evaluate(files, head, { previousResources: [] }).findings).toEqual([]);
    // The CEL sees oldObject null on CREATE: no finding either way; the operation is what differs.
    const update = spec.replace('operations: [CREATE]', 'operations: [CREATE, UPDATE]');
    const updates = { ...files, 'p.yaml': policy(update) };
    expect(evaluate(updates, head).findings.map((f) => f.ruleId)).toEqual(['vap/replicas']);
    expect(evaluate(updates, head, { previousResources: [] }).findings).toEqual([]);
  });

  it('evaluates namespaceSelector with the Namespace manifests of the repository, and says when it cannot', () => {
    const spec = basic.replace(
      'matchConstraints:\n',
      'matchConstraints:\n  namespaceSelector:\n    matchLabels: {env: prod}\n',
    );
    const ns = (name: string, env: string) =>
      `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels: {env: ${env}}\n`;
    const files = {
      'p.yaml': policy(spec),
      'b.yaml': binding(),
      'ns.yaml': ns('prod', 'prod') + '---\n' + ns('dev', 'dev'),
      'd.yaml':
        deploy('a', 10, 'prod') + '---\n' + deploy('b', 10, 'dev') + '---\n' + deploy('c', 10, 'elsewhere'),
    };
    const { findings, policyFindings } = evaluate(files);
    expect(findings.map((f) => f.resource?.name)).toEqual(['a']);
    expect(policyFindings.map(summary)).toEqual([
      expect.stringMatching(
        /^policy-not-evaluated info p\.yaml:4 ValidatingAdmissionPolicy replicas: not evaluated on Deployment elsewhere\/c \(d\.yaml\), because the labels of namespace "elsewhere" are not in the repository/,
      ),
    ]);
  });

  it('evaluates objectSelector', () => {
    const spec = basic.replace(
      'matchConstraints:\n',
      'matchConstraints:\n  objectSelector:\n    matchExpressions: [{key: critical, operator: Exists}]\n',
    );
    const files = {
      'p.yaml': policy(spec),
      'b.yaml': binding(),
      'd.yaml': deploy('a', 10, 'prod', '{critical: "yes"}') + '---\n' + deploy('b', 10),
    };
    expect(evaluate(files).findings.map((f) => f.resource?.name)).toEqual(['a']);
  });

  it('evaluates matchConditions, variables and messageExpression', () => {
    const spec = `${basic.replace(/validations:[\s\S]*/, '')}matchConditions:
  - name: not-system
    expression: "!object.metadata.name.startsWith('system-')"
variables:
  - name: limit
    expression: "object.metadata.namespace == 'prod' ? 3 : 10"
validations:
  - expression: object.spec.replicas <= variables.limit
    messageExpression: "'replicas ' + string(object.spec.replicas) + ' above ' + string(variables.limit)"
    reason: Invalid
`;
    const files = {
      'p.yaml': policy(spec),
      'b.yaml': binding(),
      'd.yaml': [deploy('a', 5, 'prod'), deploy('b', 5, 'dev'), deploy('system-x', 50)].join('---\n'),
    };
    expect(evaluate(files).findings.map((f) => `${f.resource?.name}: ${f.message}`)).toEqual([
      'a: replicas 5 above 3 (Invalid)',
    ]);
  });

  it('reads params through paramKind and paramRef when they are in the repository', () => {
    const spec = `paramKind: {apiVersion: v1, kind: ConfigMap}\n${basic.replace('object.spec.replicas <= 5', 'object.spec.replicas <= int(params.data.max)')}`;
    const cm =
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: limits, namespace: policy}\ndata: {max: "3"}\n';
    const files = {
      'p.yaml': policy(spec),
      'b.yaml': binding(
        '[Deny]',
        'paramRef: {name: limits, namespace: policy, parameterNotFoundAction: Deny}',
      ),
      'cm.yaml': cm,
      'd.yaml': deploy('a', 4) + '---\n' + deploy('b', 2),
    };
    expect(evaluate(files).findings.map((f) => f.resource?.name)).toEqual(['a']);
    const missing = evaluate({ ...files, 'cm.yaml': '' });
    expect(missing.findings).toEqual([]);
    expect(missing.policyFindings.map(summary)).toEqual([
      expect.stringMatching(
        /^policy-not-evaluated info b\.yaml:8 .*because its params \(ConfigMap policy\/limits\) are not in the repository/,
      ),
    ]);
  });

  it("narrows by the binding's matchResources", () => {
    const files = {
      'p.yaml': policy(basic),
      'b.yaml': binding('[Deny]', 'matchResources:\n  objectSelector: {matchLabels: {enforce: "true"}}'),
      'd.yaml': deploy('a', 10, 'prod', '{enforce: "true"}') + '---\n' + deploy('b', 10),
    };
    expect(evaluate(files).findings.map((f) => f.resource?.name)).toEqual(['a']);
  });

  it('reports what it cannot evaluate: no binding, the authorizer, compile errors; the other policies still run', () => {
    const files = {
      'unbound.yaml': policy(basic, 'unbound'),
      'authz.yaml': policy(
        basic.replace(
          'object.spec.replicas <= 5',
          "authorizer.group('apps').resource('deployments').check('scale').allowed()",
        ),
        'authz',
      ),
      'broken.yaml': policy(basic.replace('object.spec.replicas <= 5', 'object.spec.replicas <='), 'broken'),
      'ok.yaml': policy(basic),
      'b.yaml': [
        binding('[Deny]', '', 'authz'),
        binding('[Deny]', '', 'broken'),
        binding('[Deny]', '', 'replicas'),
      ].join('---\n'),
      'd.yaml': deploy('big', 10),
    };
    const { findings, policyFindings, ruleIds } = evaluate(files);
    expect(ruleIds).toEqual(['vap/replicas']);
    expect(findings.map((f) => f.ruleId)).toEqual(['vap/replicas']);
    expect(policyFindings.map((f) => `${f.ruleId} ${f.severity} ${f.file}:${f.line}`).sort()).toEqual([
      'policy-error medium broken.yaml:13',
      'policy-not-evaluated info authz.yaml:13',
      'policy-not-evaluated info unbound.yaml:4',
    ]);
    expect(policyFindings.find((f) => f.file === 'authz.yaml')!.message).toMatch(
      /not evaluated, because it uses the authorizer/,
    );
  });

  it('judges head resources with the base version of the policy', () => {
    const base = { 'p.yaml': policy(basic), 'b.yaml': binding(), 'd.yaml': deploy('a', 2) };
    const head = {
      'p.yaml': policy(basic.replace('<= 5', '<= 50')),
      'b.yaml': binding(),
      'd.yaml': deploy('a', 10),
    };
    expect(evaluate(base, head).findings.map((f) => f.ruleId)).toEqual(['vap/replicas']);
  });
});
