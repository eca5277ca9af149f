import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './pss-capabilities-restricted.js';

const windowsPod = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  os: {name: windows}
  containers:
    - name: app
`;

runRuleTests(rule, {
  valid: [
    {
      name: 'drop ALL, add NET_BIND_SERVICE',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: app
      securityContext:
        capabilities:
          drop: [ALL]
          add: [NET_BIND_SERVICE]
  initContainers:
    - name: init
      securityContext: {capabilities: {drop: [NET_RAW, ALL]}}
`,
    },
    { name: 'Windows pods are exempt from v1.25', yaml: windowsPod },
    {
      name: 'the check only exists from v1.22',
      options: { pssVersion: { major: 1, minor: 21 } },
      yaml: windowsPod.replace('windows', 'linux'),
    },
  ],
  invalid: [
    {
      name: 'missing drop, drop without ALL, forbidden adds',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      containers:
        - name: a
        - name: b
          securityContext:
            capabilities:
              drop: [NET_RAW]
        - name: c
          securityContext:
            capabilities:
              drop: ["ALL"]
              add: [CHOWN, SYS_ADMIN, NET_BIND_SERVICE]
`,
      errors: [
        { line: 8, message: 'Container "a" does not drop ALL capabilities' },
        {
          line: 12,
          message: 'Container "b" does not drop ALL capabilities (capabilities.drop must include "ALL")',
        },
        { line: 17, message: 'adds the capability "CHOWN"', severity: 'medium' },
        { line: 17, message: 'adds the capability "SYS_ADMIN"', severity: 'high' },
      ],
    },
    {
      name: 'Windows pods are not exempt before v1.25',
      options: { pssVersion: { major: 1, minor: 24 } },
      yaml: windowsPod,
      errors: [{ line: 7 }],
    },
  ],
});
