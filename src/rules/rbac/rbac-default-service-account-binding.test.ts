import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './rbac-default-service-account-binding.js';

runRuleTests(rule, {
  valid: [
    {
      name: 'dedicated service account, users and groups named default, odd subjects',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: b, namespace: a}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}
subjects:
  - {kind: ServiceAccount, name: web, namespace: a}
  - {kind: User, name: default}
  - {kind: Group, name: default}
  - "default"
  - null
`,
    },
  ],
  invalid: [
    {
      name: 'RoleBinding and ClusterRoleBinding to default',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: b, namespace: a}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: r}
subjects:
  - kind: ServiceAccount
    name: default
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: c}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects:
  - {kind: ServiceAccount, name: web, namespace: b}
  - {kind: ServiceAccount, name: default, namespace: b}
`,
      errors: [
        {
          line: 7,
          severity: 'medium',
          message: 'RoleBinding binds Role "r" to the default service account of namespace a',
        },
        {
          line: 15,
          message:
            'ClusterRoleBinding binds ClusterRole "view" to the default service account of namespace b',
        },
      ],
    },
  ],
});
