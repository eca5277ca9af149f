import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './pss-privileged.js';

runRuleTests(rule, {
  valid: [
    {
      name: 'privileged false',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: app
      image: nginx
      securityContext:
        privileged: false
`,
    },
    {
      name: 'privileged as a string is not the boolean true',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: app
      securityContext: {privileged: "true"}
    - name: odd
      securityContext: null
    - 42
`,
    },
    {
      name: 'not a pod',
      yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {privileged: "true"}\n',
    },
  ],
  invalid: [
    {
      name: 'privileged init container in a Deployment',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
spec:
  template:
    spec:
      initContainers:
        - name: init
          securityContext:
            privileged: true # needed?
      containers:
        - name: app
          image: nginx
`,
      output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
spec:
  template:
    spec:
      initContainers:
        - name: init
          securityContext:
            privileged: false # needed?
      containers:
        - name: app
          image: nginx
`,
      errors: [{ line: 11, column: 13, message: 'Init container "init" runs privileged' }],
    },
    {
      name: 'privileged container in a CronJob, YAML 1.1 boolean',
      yaml: `apiVersion: batch/v1
kind: CronJob
metadata: {name: c}
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: app
            securityContext: {privileged: yes}
`,
      errors: [{ line: 11, message: 'runs privileged' }],
    },
    {
      name: 'privileged ephemeral container',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: app
  ephemeralContainers:
    - name: debug
      securityContext:
        privileged: true
`,
      errors: [{ line: 10, message: 'Ephemeral container "debug" runs privileged' }],
    },
  ],
});
