import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './rbac-csr-approval.js';

runRuleTests(rule, {
  valid: [
    {
      name: 'a namespaced Role cannot grant cluster-scoped resources, even with wildcards',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: everything, namespace: apps}
rules:
  - apiGroups: ["*"]
    resources: ["*"]
    verbs: ["*"]
`,
    },
    {
      name: 'creates CSRs only',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: r}
rules:
  - apiGroups: ["certificates.k8s.io"]
    resources: ["certificatesigningrequests"]
    verbs: ["create", "get"]
`,
    },
  ],
  invalid: [
    {
      name: 'approves any signer',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: r}
rules:
  - apiGroups: ["certificates.k8s.io"]
    resources: ["certificatesigningrequests/approval"]
    verbs: ["update"]
  - apiGroups: ["certificates.k8s.io"]
    resources: ["signers"]
    verbs: ["approve"]
`,
      errors: [{ line: 10, severity: 'high', message: 'any signer' }],
    },
    {
      name: 'approves its own signer only',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: r}
rules:
  - apiGroups: ["certificates.k8s.io"]
    resources: ["certificatesigningrequests/approval"]
    verbs: ["update"]
  - apiGroups: ["certificates.k8s.io"]
    resources: ["signers"]
    resourceNames: ["example.com/my-signer"]
    verbs: ["approve"]
`,
      errors: [{ line: 11, severity: 'low', message: 'example.com/my-signer' }],
    },
  ],
});
