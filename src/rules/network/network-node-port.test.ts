import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import { hardenedCase } from '../workload/__fixtures__/hardened.js';
import rule from './network-node-port.js';

runRuleTests(rule, {
  valid: [
    hardenedCase,
    {
      name: 'headless and ExternalName Services',
      yaml: 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec: {clusterIP: None}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: b}\nspec: {type: ExternalName, externalName: example.com}\n',
    },
    { name: 'Service without spec', yaml: 'apiVersion: v1\nkind: Service\nmetadata: {name: a}\n' },
  ],
  invalid: [
    {
      name: 'NodePort Service',
      yaml: `apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  type: NodePort
  ports: [{port: 80, nodePort: 30080}]
`,
      errors: [{ line: 5, column: 3, message: 'Service web is of type NodePort', severity: 'low' }],
    },
  ],
});
