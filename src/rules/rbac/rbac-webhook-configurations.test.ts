import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './rbac-webhook-configurations.js';

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
      name: 'read only',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: r}
rules:
  - apiGroups: ["admissionregistration.k8s.io"]
    resources: ["validatingwebhookconfigurations", "mutatingwebhookconfigurations"]
    verbs: ["get", "list", "watch"]
`,
    },
  ],
  invalid: [
    {
      name: 'patch webhooks, and own webhook by name',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: r}
rules:
  - apiGroups: ["admissionregistration.k8s.io"]
    resources: ["mutatingwebhookconfigurations"]
    verbs: ["create", "patch"]
  - apiGroups: ["admissionregistration.k8s.io"]
    resources: ["validatingwebhookconfigurations"]
    resourceNames: ["my-webhook"]
    verbs: ["update"]
`,
      errors: [
        { line: 7, severity: 'high', message: 'create/patch mutatingwebhookconfigurations' },
        { line: 11, severity: 'low', message: 'limited to the configurations' },
      ],
    },
  ],
});
