import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './rbac-create-bindings.js';

runRuleTests(rule, {
  valid: [
    {
      name: 'reading bindings, core group, non-role kinds',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: r}
rules:
  - apiGroups: ["rbac.authorization.k8s.io"]
    resources: ["rolebindings", "clusterrolebindings"]
    verbs: ["get", "list", "watch"]
  - apiGroups: [""]
    resources: ["rolebindings"]
    verbs: ["create"]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: c}
data: {rules: "create rolebindings"}
`,
    },
  ],
  invalid: [
    {
      name: 'ClusterRole creating ClusterRoleBindings, Role patching RoleBindings',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: r}
rules:
  - apiGroups: ["rbac.authorization.k8s.io"]
    resources: ["clusterrolebindings"]
    verbs: ["create"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: r, namespace: a}
rules:
  - apiGroups: ["rbac.authorization.k8s.io"]
    resources: ["rolebindings"]
    verbs: ["patch"]
  - apiGroups: ["rbac.authorization.k8s.io"]
    resources: ["rolebindings"]
    verbs: ["update"]
    resourceNames: ["team"]
`,
      errors: [
        { line: 6, severity: 'high', message: 'can create clusterrolebindings' },
        { line: 14, severity: 'medium', message: 'can patch rolebindings' },
        { line: 17, severity: 'low', message: 'limited to the bindings named in resourceNames' },
      ],
    },
    {
      name: 'wildcards',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: r}
rules:
  - apiGroups: ["*"]
    resources: ["*"]
    verbs: ["*"]
`,
      errors: [
        {
          line: 6,
          severity: 'high',
          message:
            'can create/update/patch rolebindings, clusterrolebindings, handing its permissions to any subject (through a wildcard)',
        },
      ],
    },
  ],
});
