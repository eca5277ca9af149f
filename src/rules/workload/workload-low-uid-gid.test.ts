import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import { hardenedCase } from './__fixtures__/hardened.js';
import rule from './workload-low-uid-gid.js';

runRuleTests(rule, {
  valid: [
    hardenedCase,
    {
      name: 'IDs not set; exactly the threshold; odd types',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  securityContext:
    runAsUser: 10000
    supplementalGroups: "1000"
    fsGroup: "0"
  containers:
    - name: app
      securityContext: {runAsUser: "0"}
`,
    },
    {
      name: 'low pod value overridden by every container',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      securityContext: {runAsUser: 1000}
      containers:
        - name: app
          securityContext: {runAsUser: 20000}
`,
    },
    {
      name: 'threshold lowered by parameter',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  securityContext: {runAsUser: 1000, runAsGroup: 1000}\n  containers: [{name: app}]\n',
      params: { minId: 1000 },
    },
  ],
  invalid: [
    {
      name: 'pod values inherited, container overrides, groups',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      securityContext:
        runAsUser: 1000
        runAsGroup: 0
        fsGroup: 2000
        supplementalGroups: [0, 10001, 500]
      containers:
        - name: app
        - name: root
          securityContext:
            runAsUser: 0
            runAsGroup: 3000
`,
      errors: [
        { line: 8, message: 'Pod: runAsUser 1000 is below 10000', severity: 'low' },
        { line: 9, message: 'Pod: runAsGroup is 0: the root group', severity: 'medium' },
        { line: 10, message: 'fsGroup 2000' },
        { line: 11, message: 'supplementalGroups is 0', severity: 'medium' },
        { line: 11, message: 'supplementalGroups 500' },
        { line: 16, message: 'Container "root": runAsUser is 0: it runs as root', severity: 'high' },
        { line: 17, message: 'Container "root": runAsGroup 3000' },
      ],
    },
  ],
});
