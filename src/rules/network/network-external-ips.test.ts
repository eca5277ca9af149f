import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import { hardenedCase } from '../workload/__fixtures__/hardened.js';
import rule from './network-external-ips.js';

runRuleTests(rule, {
  valid: [
    hardenedCase,
    {
      name: 'empty or odd externalIPs',
      yaml: 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec: {externalIPs: []}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: b}\nspec: {externalIPs: "1.2.3.4"}\n',
    },
  ],
  invalid: [
    {
      name: 'Service claiming external IPs',
      yaml: `apiVersion: v1
kind: Service
metadata: {name: mitm}
spec:
  selector: {app: x}
  ports: [{port: 443}]
  externalIPs:
    - 23.185.0.3
`,
      errors: [
        { line: 7, column: 3, message: 'Service mitm sets externalIPs (23.185.0.3)', severity: 'high' },
      ],
    },
  ],
});
