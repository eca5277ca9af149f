import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import { hardenedCase } from '../workload/__fixtures__/hardened.js';
import rule from './network-namespace-pod-security.js';

runRuleTests(rule, {
  valid: [
    hardenedCase,
    {
      name: 'baseline enforced',
      yaml: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: legacy\n  labels: {pod-security.kubernetes.io/enforce: baseline}\n',
    },
    {
      name: 'kube-system is not checked',
      yaml: 'apiVersion: v1\nkind: Namespace\nmetadata: {name: kube-system}\n',
    },
  ],
  invalid: [
    {
      name: 'no labels, warn only, privileged',
      yaml: `apiVersion: v1
kind: Namespace
metadata:
  name: team-a
---
apiVersion: v1
kind: Namespace
metadata:
  name: team-b
  labels:
    pod-security.kubernetes.io/warn: restricted
---
apiVersion: v1
kind: Namespace
metadata:
  name: monitoring
  labels:
    pod-security.kubernetes.io/enforce: privileged
`,
      errors: [
        {
          line: 3,
          message: 'Namespace team-a has no pod-security.kubernetes.io/enforce label',
          severity: 'medium',
        },
        { line: 10, message: 'Namespace team-b has no' },
        {
          line: 18,
          column: 5,
          message: 'Namespace monitoring enforces the privileged Pod Security level',
          severity: 'high',
        },
      ],
    },
  ],
});
