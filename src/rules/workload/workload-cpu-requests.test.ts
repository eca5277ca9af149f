import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import { hardenedCase } from './__fixtures__/hardened.js';
import rule from './workload-cpu-requests.js';

runRuleTests(rule, {
  valid: [
    hardenedCase,
    {
      name: 'numeric CPU request on a StatefulSet',
      yaml: `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: s}
spec:
  template:
    spec:
      containers:
        - name: app
          resources: {requests: {cpu: 1}}
`,
    },
    { name: 'not a workload', yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n' },
    {
      name: 'ephemeral containers are not checked',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: app
      resources: {requests: {cpu: 10m}}
  ephemeralContainers:
    - name: debug
`,
    },
  ],
  invalid: [
    {
      name: 'no resources, init container with limits only, odd types',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      initContainers:
        - name: init
          resources:
            limits: {cpu: 100m}
      containers:
        - name: app
        - name: odd
          resources: {requests: "lots"}
        - name: empty
          resources: {requests: {cpu: ""}}
`,
      errors: [
        { line: 9, message: 'Init container "init" has no CPU request' },
        { line: 12, message: 'Container "app" has no CPU request' },
        { line: 14, message: 'Container "odd"' },
        { line: 16, message: 'Container "empty"' },
      ],
    },
    {
      name: 'CronJob container without requests',
      yaml: `apiVersion: batch/v1
kind: CronJob
metadata: {name: c}
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: job
              image: busybox:1.36
`,
      errors: [{ line: 10, severity: 'low' }],
    },
  ],
});
