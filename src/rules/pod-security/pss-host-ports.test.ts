import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './pss-host-ports.js';

runRuleTests(rule, {
  valid: [
    {
      name: 'container ports only, hostPort 0',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: app
      ports:
        - containerPort: 8080
        - containerPort: 9090
          hostPort: 0
        - "odd"
    - name: odd
      ports: 80
`,
    },
  ],
  invalid: [
    {
      name: 'host ports on a container and an init container',
      yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: d}
spec:
  template:
    spec:
      initContainers:
        - name: init
          ports: [{containerPort: 53, hostPort: 53}]
      containers:
        - name: app
          ports:
            - containerPort: 8080
              hostPort: 80
`,
      errors: [
        { line: 9, message: 'Init container "init" uses hostPort 53' },
        { line: 14, column: 15, message: 'Container "app" uses hostPort 80' },
      ],
    },
  ],
});
