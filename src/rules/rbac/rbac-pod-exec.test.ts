import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './rbac-pod-exec.js';

runRuleTests(rule, {
  valid: [
    {
      name: 'pods and logs only',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: r}
rules:
  - apiGroups: [""]
    resources: ["pods", "pods/log"]
    verbs: ["get", "list"]
`,
    },
  ],
  invalid: [
    {
      name: 'exec and portforward',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: r}
rules:
  - apiGroups: [""]
    resources: ["pods/exec", "pods/attach"]
    verbs: ["create"]
  - apiGroups: [""]
    resources: ["pods/portforward"]
    verbs: ["create"]
`,
      errors: [
        { line: 6, severity: 'high', message: 'pods/exec, pods/attach' },
        { line: 9, severity: 'medium', message: 'pods/portforward' },
      ],
    },
    {
      name: 'subresource wildcard in a Role',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: r, namespace: a}
rules:
  - apiGroups: [""]
    resources: ["*/exec"]
    verbs: ["get"]
`,
      errors: [{ line: 6, severity: 'medium', message: 'through a wildcard' }],
    },
  ],
});
