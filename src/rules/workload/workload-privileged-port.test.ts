import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import { hardenedCase } from './__fixtures__/hardened.js';
import rule from './workload-privileged-port.js';

runRuleTests(rule, {
  valid: [
    hardenedCase,
    {
      name: 'unprivileged, zero and odd ports',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: app
      ports:
        - containerPort: 8080
        - containerPort: 1024
        - containerPort: 0
        - containerPort: "http"
        - "80"
        - null
`,
    },
  ],
  invalid: [
    {
      name: 'ports 80 and 443 in a Deployment, 53 in an init container',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      initContainers:
        - name: dns
          ports: [{containerPort: 53, protocol: UDP}]
      containers:
        - name: web
          ports:
            - containerPort: 80
            - containerPort: "443"
            - containerPort: 1023
`,
      errors: [
        { line: 9, severity: 'low', message: 'Container "dns" listens on privileged port 53' },
        { line: 13, message: 'port 80' },
        { line: 14, message: 'port 443' },
        { line: 15, message: 'port 1023' },
      ],
    },
  ],
});
