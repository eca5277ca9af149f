import { describe, expect, it } from '@jest/globals';
import { evaluate } from '../../test/helpers/policy-tester.js';

/** The three ways a repository writes CEL validations; each one gets `expression`. */
const carriers = {
  'custom rule': (expression: string) => ({
    files: {},
    custom: [
      {
        path: 'rules/r.yaml',
        content: `id: my-rule\ntitle: t\nseverity: high\nmatch: {kinds: [ConfigMap]}\nvalidations:\n  - expression: '${expression}'\n    message: bad\n`,
      },
    ],
    expectedFile: 'rules/r.yaml',
    expectedLine: 6,
  }),
  ValidatingAdmissionPolicy: (expression: string) => ({
    files: {
      'vap.yaml': `apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicy
metadata: {name: p}
spec:
  matchConstraints:
    resourceRules:
      - {apiGroups: [""], apiVersions: [v1], operations: [CREATE, UPDATE], resources: [configmaps]}
  validations:
    - expression: '${expression}'
---
apiVersion: admissionregistration.k8s.io/v1
kind: ValidatingAdmissionPolicyBinding
metadata: {name: p}
spec: {policyName: p, validationActions: [Deny]}
`,
    },
    custom: [],
    expectedFile: 'vap.yaml',
    expectedLine: 9,
  }),
  'Kyverno cel rule': (expression: string) => ({
    files: {
      'kyverno.yaml': `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: {name: k}
spec:
  validationFailureAction: Enforce
  rules:
    - name: r
      match: {any: [{resources: {kinds: [ConfigMap]}}]}
      validate:
        cel:
          expressions:
            - expression: '${expression}'
`,
    },
    custom: [],
    expectedFile: 'kyverno.yaml',
    expectedLine: 12,
  }),
};

const configMap = (data: string) => ({
  'cm.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm, namespace: apps}\ndata: ${data}\n`,
});

function judge(carrier: keyof typeof carriers, expression: string, data = '{a: "1"}') {
  const c = carriers[carrier](expression);
  return evaluate({ ...c.files, ...configMap(data) }, undefined, { customRuleFiles: c.custom });
}

describe.each(Object.keys(carriers) as (keyof typeof carriers)[])(
  'one CEL evaluation of validations: %s',
  (carrier) => {
    const { expectedFile, expectedLine } = carriers[carrier]('x');

    it('passes on true and fails on false', () => {
      expect(judge(carrier, 'has(object.data)').findings).toEqual([]);
      expect(judge(carrier, '!has(object.data)').findings).toHaveLength(1);
    });

    it.each([
      ['a string', 'object.data.a', /returned string "1", not a bool/],
      ['an int', 'size(object.data)', /returned int 1, not a bool/],
      ['null', 'object.data.?b.orValue(null)', /returned null, not a bool/],
      ['a list', '[true]', /returned list \[true\], not a bool/],
    ])(
      'fails closed when the expression returns %s: a policy-error on the expression line, no pass',
      (_, expression, message) => {
        const { findings, policyFindings } = judge(carrier, expression);
        expect(findings).toEqual([]);
        expect(policyFindings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual([
          `policy-error ${expectedFile}:${expectedLine}`,
        ]);
        expect(policyFindings[0]!.message).toMatch(message);
      },
    );

    it('fails closed when the expression throws', () => {
      const { findings, policyFindings } = judge(carrier, 'object.data.missing == "x"');
      expect(findings).toEqual([]);
      expect(policyFindings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual([
        `policy-error ${expectedFile}:${expectedLine}`,
      ]);
    });

    it('bounds a quadratic expression over 16,000 entries by the cost budget: an error, not a hang', () => {
      const entries = Array.from({ length: 16_000 }, (_, i) => `k${i}: v`).join(', ');
      const { findings, policyFindings } = judge(
        carrier,
        'object.data.all(k, object.data.exists_one(j, j == k))',
        `{${entries}}`,
      );
      expect(findings).toEqual([]);
      expect(policyFindings.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual([
        `policy-error ${expectedFile}:${expectedLine}`,
      ]);
      expect(policyFindings[0]!.message).toMatch(/cost budget of 1,000,000 units/);
    });

    it('matches a DNS-label regular expression on a hostile 31-character name in linear time (RE2)', () => {
      const hostile = `"${'a'.repeat(30)}-"`;
      const { findings, policyFindings } = judge(
        carrier,
        'object.data.a.matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")',
        `{a: ${hostile}}`,
      );
      expect(policyFindings).toEqual([]);
      expect(findings).toHaveLength(1);
    });
  },
);
