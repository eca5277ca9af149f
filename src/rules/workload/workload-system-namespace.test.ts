import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import { hardenedCase } from './__fixtures__/hardened.js';
import rule from './workload-system-namespace.js';

runRuleTests(rule, {
  valid: [
    hardenedCase,
    {
      name: 'cluster add-on with a system priority class',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: metrics-server, namespace: kube-system}
spec:
  template:
    spec:
      priorityClassName: system-cluster-critical
      containers: [{name: app}]
`,
    },
    {
      name: 'namespace not set',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: app}]\n',
    },
  ],
  invalid: [
    {
      name: 'application in kube-system and kube-public',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
  namespace: kube-system
spec:
  template:
    spec:
      containers: [{name: app}]
---
apiVersion: batch/v1
kind: Job
metadata: {name: j, namespace: kube-public}
spec:
  template:
    spec:
      priorityClassName: system-cluster-critical
      containers: [{name: app}]
`,
      errors: [
        { line: 5, message: 'system namespace "kube-system"', severity: 'medium' },
        { line: 13, message: '"kube-public"' },
      ],
    },
  ],
});
