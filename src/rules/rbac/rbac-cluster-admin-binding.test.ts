import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './rbac-cluster-admin-binding.js';

runRuleTests(rule, {
  valid: [
    {
      name: 'RoleBinding to admin in a namespace',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: b, namespace: team}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: admin}
subjects: [{kind: Group, name: team}]
`,
    },
    {
      name: 'Role named cluster-admin is not the ClusterRole',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: b, namespace: team}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: cluster-admin}
subjects: [{kind: Group, name: team}]
`,
    },
    {
      name: 'no roleRef',
      yaml: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: b}\nroleRef: cluster-admin\n',
    },
  ],
  invalid: [
    {
      name: 'ClusterRoleBinding to cluster-admin',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: b}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: cluster-admin
subjects:
  - kind: ServiceAccount
    name: deployer
    namespace: ci
`,
      errors: [{ line: 7, column: 3, severity: 'critical', message: 'ServiceAccount ci/deployer' }],
    },
    {
      name: 'RoleBinding to cluster-admin is namespace scope',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: b, namespace: team}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects: [{kind: User, name: alice}]
`,
      errors: [{ line: 4, severity: 'high', message: 'in namespace team' }],
    },
    {
      name: 'ClusterRoleBinding to edit',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: b}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
subjects: [{kind: Group, name: devs}]
`,
      errors: [{ line: 4, severity: 'high', message: 'every namespace' }],
    },
  ],
});
