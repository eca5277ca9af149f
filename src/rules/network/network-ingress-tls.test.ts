import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import { hardenedCase } from '../workload/__fixtures__/hardened.js';
import rule from './network-ingress-tls.js';

runRuleTests(rule, {
  valid: [
    hardenedCase,
    {
      name: 'TLS terminated by the AWS load balancer controller and by GKE',
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: alb
  annotations:
    alb.ingress.kubernetes.io/listen-ports: '[{"HTTPS":443}]'
spec:
  rules: [{host: a.example.com}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: gke
  annotations: {networking.gke.io/managed-certificates: web-cert}
spec:
  rules: [{host: b.example.com}]
`,
    },
  ],
  invalid: [
    {
      name: 'no tls, empty tls, legacy API group',
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: plain}
spec:
  rules:
    - host: shop.example.com
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: empty}
spec:
  tls: []
  rules: [{host: a.example.com}]
---
apiVersion: extensions/v1beta1
kind: Ingress
metadata: {name: old}
spec:
  backend: {serviceName: web, servicePort: 80}
`,
      errors: [
        { line: 4, message: 'Ingress plain has no TLS configuration', severity: 'medium' },
        { line: 12, message: 'Ingress empty' },
        { line: 18, message: 'Ingress old' },
      ],
    },
  ],
});
