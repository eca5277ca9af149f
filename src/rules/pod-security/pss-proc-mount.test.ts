import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './pss-proc-mount.js';

const baseline = { profile: 'baseline' as const };
const unmaskedInUserNamespace = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  hostUsers: false
  containers:
    - name: app
      securityContext:
        procMount: Unmasked
`;

runRuleTests(rule, {
  valid: [
    {
      name: 'Default or unset',
      options: baseline,
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: app
      securityContext: {procMount: Default}
    - name: other
      securityContext: {procMount: null}
`,
    },
    {
      name: 'v1.35 baseline: Unmasked allowed with hostUsers false',
      options: baseline,
      yaml: unmaskedInUserNamespace,
    },
    {
      name: 'v1.35 restricted: overridden by procMount_restricted',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: app
      securityContext: {procMount: Unmasked}
`,
    },
  ],
  invalid: [
    {
      name: 'Unmasked without user namespace',
      options: baseline,
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      hostUsers: true
      containers:
        - name: app
          securityContext:
            procMount: Unmasked
`,
      output: `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      hostUsers: true
      containers:
        - name: app
          securityContext:
            procMount: Default
`,
      errors: [{ line: 11, message: 'Container "app" sets securityContext.procMount to "Unmasked"' }],
    },
    {
      name: 'before v1.35 hostUsers false does not relax the check',
      options: { profile: 'baseline', pssVersion: { major: 1, minor: 34 } },
      yaml: unmaskedInUserNamespace,
      errors: [{ line: 9, message: '"Unmasked"' }],
    },
    {
      name: 'restricted profile before v1.35 runs the baseline check',
      options: { pssVersion: { major: 1, minor: 34 } },
      yaml: unmaskedInUserNamespace,
      errors: [{ line: 9 }],
    },
  ],
});
