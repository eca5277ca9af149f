import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './rbac-nodes-proxy.js';

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
      name: 'metrics scraping without proxy',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: prometheus}
rules:
  - apiGroups: [""]
    resources: ["nodes", "nodes/metrics", "services", "endpoints", "pods"]
    verbs: ["get", "list", "watch"]
  - nonResourceURLs: ["/metrics"]
    verbs: ["get"]
`,
    },
  ],
  invalid: [
    {
      name: 'get on nodes/proxy',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: prometheus}
rules:
  - apiGroups: [""]
    resources:
      - nodes
      - nodes/proxy
    verbs: ["get", "list", "watch"]
`,
      errors: [{ line: 6, severity: 'high', message: 'get on nodes/proxy' }],
    },
  ],
});
