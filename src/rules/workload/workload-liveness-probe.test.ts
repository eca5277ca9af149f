import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import { hardenedCase } from './__fixtures__/hardened.js';
import rule from './workload-liveness-probe.js';

runRuleTests(rule, {
  valid: [
    hardenedCase,
    {
      name: 'Job and CronJob are not checked',
      yaml: `apiVersion: batch/v1
kind: Job
metadata: {name: j}
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: job
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: c}
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: job
`,
    },
    {
      name: 'naked batch pod (restartPolicy OnFailure)',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  restartPolicy: OnFailure
  containers:
    - name: once
`,
    },
    {
      name: 'init and ephemeral containers need no probe',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      initContainers:
        - name: init
      containers:
        - name: app
          livenessProbe: {tcpSocket: {port: 80}}
          readinessProbe: {tcpSocket: {port: 80}}
      ephemeralContainers:
        - name: debug
`,
    },
  ],
  invalid: [
    {
      name: 'Deployment, DaemonSet and long-running Pod without probes',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx:1.27
        - name: odd
          livenessProbe: "yes"
          readinessProbe: "yes"
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: ds}
spec:
  template:
    spec:
      containers:
        - name: agent
---
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  restartPolicy: Always
  containers:
    - name: web
`,
      errors: [
        { line: 8, message: 'Container "app" has no liveness probe' },
        { line: 11, message: 'Container "odd"' },
        { line: 21, message: 'Container "agent"' },
        { line: 29, message: 'Container "web"', severity: 'low' },
      ],
    },
  ],
});
