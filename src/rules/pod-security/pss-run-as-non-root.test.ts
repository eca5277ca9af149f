import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './pss-run-as-non-root.js';

const userNamespacePod = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  hostUsers: false
  containers:
    - name: app
`;

runRuleTests(rule, {
  valid: [
    {
      name: 'pod-level true inherited by containers',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  securityContext:
    runAsNonRoot: true
  initContainers:
    - name: init
  containers:
    - name: app
      securityContext: {runAsNonRoot: true}
    - name: side
`,
    },
    {
      name: 'every container sets true',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: app
      securityContext: {runAsNonRoot: true}
    - name: side
      securityContext: {runAsNonRoot: true}
`,
    },
    { name: 'hostUsers false relaxes the check from v1.35', yaml: userNamespacePod },
  ],
  invalid: [
    {
      name: 'nothing set anywhere: one finding at pod level',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      containers:
        - name: app
        - name: side
`,
      errors: [
        { line: 6, message: 'Neither the pod nor its containers set securityContext.runAsNonRoot=true' },
      ],
    },
    {
      name: 'some containers unset without pod-level setting',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  securityContext:
    runAsUser: 1000
  containers:
    - name: app
      securityContext: {runAsNonRoot: true}
    - name: side
      securityContext:
        readOnlyRootFilesystem: true
`,
      errors: [{ line: 11, message: 'Container "side" does not set securityContext.runAsNonRoot=true' }],
    },
    {
      name: 'explicit false at pod level and on a container that overrides a true pod',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  securityContext:
    runAsNonRoot: false
  containers:
    - name: app
    - name: side
      securityContext: {runAsNonRoot: false}
`,
      errors: [
        { line: 6, message: 'The pod sets securityContext.runAsNonRoot to false' },
        { line: 10, message: 'Container "side" sets securityContext.runAsNonRoot to false' },
      ],
    },
    {
      name: 'hostUsers false does not relax the check before v1.35',
      options: { pssVersion: { major: 1, minor: 34 } },
      yaml: userNamespacePod,
      errors: [{ line: 4 }],
    },
  ],
});
