import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './rbac-secrets-read.js';

runRuleTests(rule, {
  valid: [
    {
      name: 'create only, and secrets of another group',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: r, namespace: a}
rules:
  - apiGroups: [""]
    resources: ["secrets"]
    verbs: ["create"]
  - apiGroups: ["example.com"]
    resources: ["secrets"]
    verbs: ["get"]
  - apiGroups: ["apps"]
    resources: ["*"]
    verbs: ["get"]
`,
    },
  ],
  invalid: [
    {
      name: 'ClusterRole reads secrets, one named, one through wildcards',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: r}
rules:
  - apiGroups: [""]
    resources: ["secrets"]
    verbs: ["get", "list", "watch"]
  - apiGroups: [""]
    resources: ["secrets"]
    resourceNames: ["tls"]
    verbs: ["get"]
  - apiGroups: ["*"]
    resources: ["*"]
    verbs: ["list"]
`,
      errors: [
        { line: 6, severity: 'high', message: 'get/list/watch Secrets' },
        { line: 9, severity: 'medium', message: 'limited to the named Secret' },
        { line: 13, severity: 'high', message: 'through a wildcard' },
      ],
    },
    {
      name: 'namespaced Role',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: r, namespace: a}
rules:
  - apiGroups: [""]
    resources: ["secrets"]
    verbs: ["*"]
`,
      errors: [{ line: 6, severity: 'medium', message: 'in its namespace' }],
    },
    {
      name: 'aggregated into view',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: r
  labels: {rbac.authorization.k8s.io/aggregate-to-view: "true"}
rules:
  - apiGroups: [""]
    resources: ["secrets"]
    verbs: ["get"]
`,
      errors: [{ line: 8, severity: 'high', message: 'built-in view' }],
    },
  ],
});
