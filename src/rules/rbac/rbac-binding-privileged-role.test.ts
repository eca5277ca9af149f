import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './rbac-binding-privileged-role.js';

const ROLES = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: almighty}
rules:
  - apiGroups: ["*"]
    resources: ["*"]
    verbs: ["*"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: debugger, namespace: team}
rules:
  - apiGroups: [""]
    resources: ["pods/exec", "pods/attach"]
    verbs: ["create"]
  - apiGroups: [""]
    resources: ["secrets"]
    verbs: ["list"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: reader}
rules:
  - apiGroups: [""]
    resources: ["pods", "configmaps"]
    verbs: ["get", "list"]
  - apiGroups: [""]
    resources: ["secrets"]
    verbs: ["get"]
    resourceNames: ["one"]
---
`;

runRuleTests(rule, {
  valid: [
    {
      name: 'harmless role, role not in the scan, Role of another namespace, roleRef odd',
      yaml: `${ROLES}apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: b1}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: reader}
subjects: [{kind: Group, name: devs}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: b2, namespace: team}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: somewhere-else}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: b3, namespace: other}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: debugger}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: b4, namespace: team}
roleRef: "debugger"
`,
    },
  ],
  invalid: [
    {
      name: 'bindings of an all-powerful ClusterRole and of an exec role',
      yaml: `${ROLES}apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: b1}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: almighty
subjects: [{kind: Group, name: devs}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: b2, namespace: team}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: almighty
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: b3, namespace: team}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: debugger
`,
      errors: [
        {
          line: 38,
          severity: 'critical',
          message:
            'ClusterRoleBinding binds ClusterRole almighty, which grants every verb on every resource (cluster-admin in all but name), in every namespace.',
        },
        { line: 47, severity: 'high', message: 'in namespace team' },
        {
          line: 55,
          severity: 'medium',
          message:
            'binds Role team/debugger, which grants exec/attach into pods and reading Secrets, in namespace team.',
        },
      ],
    },
  ],
});
