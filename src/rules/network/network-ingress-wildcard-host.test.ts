import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import { hardenedCase } from '../workload/__fixtures__/hardened.js';
import rule from './network-ingress-wildcard-host.js';

runRuleTests(rule, {
  valid: [
    hardenedCase,
    {
      name: 'odd rules',
      yaml: 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: a}\nspec:\n  rules: ["x", {host: 7}, {http: {}}]\n',
    },
  ],
  invalid: [
    {
      name: 'wildcard host',
      yaml: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: previews}
spec:
  rules:
    - host: app.example.com
    - host: "*.preview.example.com"
`,
      errors: [
        {
          line: 7,
          column: 7,
          message: 'Ingress previews routes the wildcard host *.preview.example.com',
          severity: 'low',
        },
      ],
    },
  ],
});
