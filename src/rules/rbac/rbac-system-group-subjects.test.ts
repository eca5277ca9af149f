import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './rbac-system-group-subjects.js';

runRuleTests(rule, {
  valid: [
    {
      name: 'named subjects',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: b}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects:
  - {kind: Group, name: devs}
  - {kind: ServiceAccount, name: app, namespace: a}
`,
    },
    {
      name: 'odd subjects',
      yaml: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata: {name: b}\nsubjects: [null, {name: 3}]\n',
    },
  ],
  invalid: [
    {
      name: 'anonymous and authenticated',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: b}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view}
subjects:
  - kind: User
    name: system:anonymous
  - kind: Group
    name: system:authenticated
  - kind: Group
    name: system:masters
`,
      errors: [
        { line: 6, severity: 'critical', message: 'unauthenticated' },
        { line: 8, severity: 'high', message: 'every authenticated user' },
        { line: 10, severity: 'low', message: 'bypasses RBAC' },
      ],
    },
    {
      name: 'unauthenticated to a discovery role is low',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: b, namespace: a}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: system:public-info-viewer}
subjects: [{kind: Group, name: system:unauthenticated}]
`,
      errors: [{ line: 5, severity: 'low' }],
    },
  ],
});
