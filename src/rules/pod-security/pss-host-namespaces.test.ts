import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './pss-host-namespaces.js';

runRuleTests(rule, {
  valid: [
    {
      name: 'host namespaces false or unset',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  hostNetwork: false
  hostPID: "true"
  containers:
    - name: app
`,
    },
  ],
  invalid: [
    {
      name: 'all three host namespaces in a StatefulSet',
      yaml: `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: s}
spec:
  template:
    spec:
      hostNetwork: true
      hostPID: true
      hostIPC: true
      containers:
        - name: app
`,
      output: `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: s}
spec:
  template:
    spec:
      hostNetwork: false
      hostPID: false
      hostIPC: false
      containers:
        - name: app
`,
      errors: [
        { line: 7, column: 7, message: 'network namespace (hostNetwork=true)' },
        { line: 8, message: 'hostPID=true' },
        { line: 9, message: 'hostIPC=true' },
      ],
    },
  ],
});
