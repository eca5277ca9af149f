import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './pss-capabilities-baseline.js';

const baseline = { profile: 'baseline' as const };

runRuleTests(rule, {
  valid: [
    {
      name: 'default capabilities added, drop anything',
      options: baseline,
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: app
      securityContext:
        capabilities:
          add: [NET_BIND_SERVICE, CHOWN, SYS_CHROOT, KILL]
          drop: [NET_RAW]
`,
    },
    {
      name: 'overridden by capabilities_restricted under the restricted profile',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: app
      securityContext: {capabilities: {add: [SYS_ADMIN]}}
`,
    },
    {
      name: 'odd capabilities',
      options: baseline,
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: a
      securityContext: {capabilities: {add: "SYS_ADMIN"}}
    - name: b
      securityContext: {capabilities: [SYS_ADMIN]}
    - name: c
      securityContext: {capabilities: {add: [null, 3]}}
`,
    },
  ],
  invalid: [
    {
      name: 'non-default capabilities in containers and init containers',
      options: baseline,
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      initContainers:
        - name: init
          securityContext:
            capabilities:
              add: ["NET_ADMIN"]
      containers:
        - name: app
          securityContext:
            capabilities:
              add:
                - CHOWN
                - SYS_ADMIN
                - CAP_KILL
`,
      errors: [
        { line: 11, message: 'Init container "init" adds the non-default capability "NET_ADMIN"' },
        { line: 18, message: '"SYS_ADMIN"' },
        { line: 19, message: '"CAP_KILL"' },
      ],
    },
    {
      name: 'restricted profile before v1.22 still runs the baseline check',
      options: { pssVersion: { major: 1, minor: 21 } },
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: app
      securityContext: {capabilities: {add: [NET_RAW]}}
`,
      errors: [{ line: 7, message: '"NET_RAW"' }],
    },
  ],
});
