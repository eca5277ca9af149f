import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import { hardenedCase } from './__fixtures__/hardened.js';
import rule from './workload-ssh-port.js';

runRuleTests(rule, {
  valid: [
    hardenedCase,
    {
      name: 'UDP 22, other ports, odd entries',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: app
      ports:
        - {containerPort: 22, protocol: UDP}
        - {containerPort: 2222}
        - "22"
        - null
`,
    },
  ],
  invalid: [
    {
      name: 'TCP 22 explicit and implied',
      yaml: `apiVersion: apps/v1
kind: StatefulSet
metadata: {name: s}
spec:
  template:
    spec:
      containers:
        - name: sshd
          ports:
            - containerPort: 22
            - {name: ssh, containerPort: 22, protocol: TCP}
`,
      errors: [
        { line: 10, message: 'Container "sshd" exposes port 22 (SSH)', severity: 'medium' },
        { line: 11 },
      ],
    },
  ],
});
