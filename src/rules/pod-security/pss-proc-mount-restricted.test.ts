import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './pss-proc-mount-restricted.js';

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
      name: 'Default with hostUsers false',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  hostUsers: false
  containers:
    - name: app
      securityContext: {procMount: Default}
`,
    },
    {
      name: 'the check only exists from v1.35',
      options: { pssVersion: { major: 1, minor: 34 } },
      yaml: unmaskedInUserNamespace,
    },
    {
      name: 'skipped under the baseline profile',
      options: { profile: 'baseline' },
      yaml: unmaskedInUserNamespace,
    },
  ],
  invalid: [
    {
      name: 'Unmasked even in a user namespace',
      yaml: unmaskedInUserNamespace,
      output: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  hostUsers: false
  containers:
    - name: app
      securityContext:
        procMount: Default
`,
      errors: [{ line: 9, message: 'Container "app" sets securityContext.procMount to "Unmasked"' }],
    },
    {
      name: 'Unmasked in an init container without user namespace',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers:
    - name: init
      securityContext: {procMount: Unmasked}
  containers:
    - name: app
`,
      errors: [{ line: 7, message: 'Init container "init"' }],
    },
  ],
});
