import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import { hardenedCase } from './__fixtures__/hardened.js';
import rule from './workload-default-service-account.js';

runRuleTests(rule, {
  valid: [
    hardenedCase,
    {
      name: 'deprecated serviceAccount field with a dedicated account',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  serviceAccount: app\n  containers: [{name: app}]\n',
    },
  ],
  invalid: [
    {
      name: 'missing, explicit default, legacy default, empty string',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: a}
spec:
  template:
    spec:
      containers: [{name: app}]
---
apiVersion: v1
kind: Pod
metadata: {name: b}
spec:
  serviceAccountName: default
  containers: [{name: app}]
---
apiVersion: v1
kind: Pod
metadata: {name: c}
spec:
  serviceAccount: default
  containers: [{name: app}]
---
apiVersion: v1
kind: Pod
metadata: {name: d}
spec:
  serviceAccountName: ""
  containers: [{name: app}]
`,
      errors: [
        { line: 6, message: 'sets no serviceAccountName' },
        { line: 13, column: 3, message: '"default" service account', severity: 'low' },
        { line: 20, message: '"default" service account' },
        { line: 27, message: 'sets no serviceAccountName' },
      ],
    },
  ],
});
