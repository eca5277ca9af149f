import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './rbac-escalate-bind.js';

runRuleTests(rule, {
  valid: [
    {
      name: 'manages bindings without bind',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: r}
rules:
  - apiGroups: ["rbac.authorization.k8s.io"]
    resources: ["roles", "rolebindings"]
    verbs: ["get", "list", "create"]
  - apiGroups: [""]
    resources: ["roles"]
    verbs: ["bind"]
`,
    },
  ],
  invalid: [
    {
      name: 'bind and escalate',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: r}
rules:
  - apiGroups: ["rbac.authorization.k8s.io"]
    resources: ["clusterroles"]
    verbs: ["bind", "escalate"]
  - apiGroups: ["rbac.authorization.k8s.io"]
    resources: ["clusterroles"]
    resourceNames: ["view"]
    verbs: ["bind"]
`,
      errors: [
        { line: 7, severity: 'critical', message: 'bind and escalate on clusterroles' },
        { line: 11, severity: 'medium', message: 'limited to the roles named' },
      ],
    },
    {
      name: 'wildcard verbs on roles in a Role',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: r, namespace: a}
rules:
  - apiGroups: ["rbac.authorization.k8s.io"]
    resources: ["roles", "rolebindings"]
    verbs: ["*"]
`,
      errors: [{ line: 7, severity: 'high', message: 'through a wildcard' }],
    },
  ],
});
