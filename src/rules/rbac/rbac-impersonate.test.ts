import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './rbac-impersonate.js';

runRuleTests(rule, {
  valid: [
    {
      name: 'reads service accounts',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: r}
rules:
  - apiGroups: [""]
    resources: ["serviceaccounts", "users"]
    verbs: ["get", "list"]
`,
    },
  ],
  invalid: [
    {
      name: 'a namespaced Role with wildcards can impersonate service accounts only',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: everything, namespace: apps}
rules:
  - apiGroups: ["*"]
    resources: ["*"]
    verbs: ["*"]
`,
      errors: [
        { line: 7, message: 'can impersonate serviceaccounts (through a wildcard)', severity: 'high' },
      ],
    },
    {
      name: 'impersonate groups, and named service accounts',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: r}
rules:
  - apiGroups: [""]
    resources: ["users", "groups"]
    verbs: ["impersonate"]
  - apiGroups: [""]
    resources: ["serviceaccounts"]
    resourceNames: ["builder"]
    verbs: ["impersonate"]
`,
      errors: [
        { line: 7, severity: 'critical', message: 'impersonate users, groups' },
        { line: 11, severity: 'medium', message: 'limited to the identities' },
      ],
    },
  ],
});
