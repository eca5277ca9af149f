import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import { hardenedCase } from '../workload/__fixtures__/hardened.js';
import rule from './network-ingress-nginx-snippet.js';

runRuleTests(rule, {
  valid: [
    hardenedCase,
    {
      name: 'other nginx annotations, other controllers, a Service with a snippet annotation',
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: i
  annotations:
    nginx.ingress.kubernetes.io/rewrite-target: /
    nginx.ingress.kubernetes.io/-snippet: "x"
    haproxy.org/backend-config-snippet: "x"
    example.com/nginx.ingress.kubernetes.io/server-snippet: "x"
spec: {}
---
apiVersion: v1
kind: Service
metadata:
  name: s
  annotations: {nginx.ingress.kubernetes.io/server-snippet: "x"}
`,
    },
  ],
  invalid: [
    {
      name: 'configuration, server and auth snippets',
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: i
  annotations:
    nginx.ingress.kubernetes.io/configuration-snippet: |
      more_set_headers "X: y";
    nginx.ingress.kubernetes.io/server-snippet: "location /x { alias /var/run/secrets/; }"
    nginx.ingress.kubernetes.io/auth-snippet: ""
spec: {}
`,
      errors: [
        { line: 6, severity: 'high', message: 'sets nginx.ingress.kubernetes.io/configuration-snippet' },
        { line: 8, message: 'server-snippet' },
        { line: 9, message: 'auth-snippet' },
      ],
    },
  ],
});
