import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './pss-run-as-user.js';

const rootPod = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  hostUsers: false
  securityContext:
    runAsUser: 0
  containers:
    - name: app
      securityContext: {runAsUser: 0}
`;

runRuleTests(rule, {
  valid: [
    {
      name: 'non-zero and unset',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  securityContext: {runAsUser: 1000}
  containers:
    - name: app
    - name: side
      securityContext: {runAsUser: "0"}
`,
    },
    { name: 'hostUsers false relaxes the check from v1.35', yaml: rootPod },
    {
      name: 'the check only exists from v1.23',
      options: { pssVersion: { major: 1, minor: 22 } },
      yaml: rootPod,
    },
  ],
  invalid: [
    {
      name: 'runAsUser 0 at pod and container level before v1.35 with hostUsers false',
      options: { pssVersion: { major: 1, minor: 34 } },
      yaml: rootPod,
      errors: [
        { line: 7, message: 'The pod sets securityContext.runAsUser=0' },
        { line: 10, message: 'Container "app" sets securityContext.runAsUser=0' },
      ],
    },
    {
      name: 'runAsUser 0 on an init container',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers:
    - name: init
      securityContext:
        runAsUser: 0
  containers:
    - name: app
`,
      errors: [{ line: 8, message: 'Init container "init"' }],
    },
  ],
});
