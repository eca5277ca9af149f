import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './rbac-wildcard-rules.js';

runRuleTests(rule, {
  valid: [
    {
      name: 'well-scoped role',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: r, namespace: app}
rules:
  - apiGroups: [""]
    resources: ["configmaps"]
    verbs: ["get", "list"]
`,
    },
    {
      name: 'aggregated ClusterRole rules are filled by the controller',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: agg}
aggregationRule:
  clusterRoleSelectors: [{matchLabels: {x: "true"}}]
rules:
  - apiGroups: ["*"]
    resources: ["*"]
    verbs: ["*"]
`,
    },
    {
      name: 'odd rules',
      yaml: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r}\nrules: [null, 3, {verbs: 7}, {resources: null}]\n',
    },
    { name: 'not rbac', yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {verbs: "*"}\n' },
  ],
  invalid: [
    {
      name: 'full wildcard ClusterRole',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: god}
rules:
  - apiGroups: ["*"]
    resources: ["*"]
    verbs: ["*"]
  - nonResourceURLs: ["*"]
    verbs: ["get"]
`,
      errors: [
        { line: 7, column: 5, severity: 'critical', message: 'cluster-admin equivalent' },
        { line: 8, severity: 'low', message: 'non-resource URL' },
      ],
    },
    {
      name: 'wildcard verbs and resources separately',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: r, namespace: a}
rules:
  - apiGroups: [""]
    resources: ["configmaps"]
    verbs: ["*"]
  - apiGroups: ["monitoring.coreos.com"]
    resources: ["*"]
    verbs: ["get", "list"]
  - apiGroups: ["*"]
    resources: ["deployments"]
    verbs: ["get"]
`,
      errors: [
        { line: 7, severity: 'medium', message: 'every verb' },
        { line: 9, severity: 'low', message: 'every resource' },
        { line: 11, severity: 'low', message: 'every API group' },
      ],
    },
  ],
});
