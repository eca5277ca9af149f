import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import { hardenedCase } from './__fixtures__/hardened.js';
import rule from './workload-naked-pod.js';

runRuleTests(rule, {
  valid: [
    hardenedCase,
    {
      name: 'Helm test hook Pod',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: test
  annotations: {helm.sh/hook: test}
spec:
  containers: [{name: app}]
`,
    },
    {
      name: 'Pod-like CRD of another group',
      yaml: 'apiVersion: example.com/v1\nkind: Pod\nmetadata: {name: p}\n',
    },
  ],
  invalid: [
    {
      name: 'naked Pod',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers: [{name: app}]
`,
      errors: [{ line: 2, message: 'Pod p is not managed by a controller', severity: 'low' }],
    },
  ],
});
