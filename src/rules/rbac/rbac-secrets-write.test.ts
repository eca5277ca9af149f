import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './rbac-secrets-write.js';

runRuleTests(rule, {
  valid: [
    {
      name: 'read only, other resources, other groups',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: r}
rules:
  - apiGroups: [""]
    resources: ["secrets"]
    verbs: ["get", "list", "watch"]
  - apiGroups: [""]
    resources: ["configmaps"]
    verbs: ["create", "patch"]
  - apiGroups: ["apps"]
    resources: ["secrets"]
    verbs: ["create"]
  - "not a rule"
`,
    },
    {
      name: 'aggregated ClusterRole rules are filled in by the controller',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: r}
aggregationRule:
  clusterRoleSelectors: [{matchLabels: {x: y}}]
rules:
  - apiGroups: [""]
    resources: ["secrets"]
    verbs: ["create"]
`,
    },
  ],
  invalid: [
    {
      name: 'create and patch in a ClusterRole, wildcard in a Role',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: r}
rules:
  - apiGroups: [""]
    resources: ["secrets"]
    verbs: ["create", "patch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: r, namespace: a}
rules:
  - apiGroups: ["*"]
    resources: ["*"]
    verbs: ["update"]
`,
      errors: [
        { line: 6, severity: 'high', message: 'can create/patch Secrets in any namespace' },
        { line: 14, severity: 'medium', message: 'can update Secrets in its namespace (through a wildcard)' },
      ],
    },
    {
      name: 'resourceNames lower update but not create',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: r, namespace: a}
rules:
  - apiGroups: [""]
    resources: ["secrets"]
    verbs: ["update"]
    resourceNames: ["tls"]
  - apiGroups: [""]
    resources: ["secrets"]
    verbs: ["create"]
    resourceNames: ["tls"]
`,
      errors: [
        { line: 6, severity: 'low', message: 'limited to the named Secret(s)' },
        { line: 10, severity: 'medium', message: 'can create Secrets' },
      ],
    },
  ],
});
