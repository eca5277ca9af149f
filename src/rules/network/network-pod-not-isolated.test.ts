import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import { hardenedCase } from '../workload/__fixtures__/hardened.js';
import rule from './network-pod-not-isolated.js';

const POLICIES = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector:
    matchLabels: {app: web}
    matchExpressions: [{key: tier, operator: NotIn, values: [debug]}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: broken, namespace: shop}
spec:
  podSelector:
    matchExpressions: [{key: tier, operator: Near}]
---
`;

runRuleTests(rule, {
  valid: [
    hardenedCase,
    {
      name: 'selected pods, namespaces without policies in the scan, no namespace',
      yaml: `${POLICIES}apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: a, image: a}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: elsewhere}
spec:
  template:
    metadata: {labels: {app: api}}
    spec: {containers: [{name: a, image: a}]}
---
apiVersion: v1
kind: Pod
metadata: {name: loose}
spec: {containers: [{name: a, image: a}]}
`,
    },
    {
      name: 'default deny selects everything',
      yaml: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: a}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
---
apiVersion: v1
kind: Pod
metadata: {name: p, namespace: a}
spec: {containers: [{name: a, image: a}]}
`,
    },
  ],
  invalid: [
    {
      name: 'pods the policies of their namespace miss',
      yaml: `${POLICIES}apiVersion: apps/v1
kind: Deployment
metadata: {name: debug, namespace: shop}
spec:
  template:
    metadata:
      labels: {app: web, tier: debug}
    spec: {containers: [{name: a, image: a}]}
---
apiVersion: v1
kind: Pod
metadata: {name: p, namespace: shop}
spec: {containers: [{name: a, image: a}]}
`,
      errors: [
        {
          line: 22,
          severity: 'medium',
          message:
            'No NetworkPolicy of namespace shop selects the pods of Deployment debug: they accept traffic from any pod and reach anything (the podSelector of broken could not be read, so it was not evaluated).',
        },
        { line: 27, message: 'selects the pods of Pod p' },
      ],
    },
  ],
});
