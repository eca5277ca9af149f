import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import { hardenedCase } from './__fixtures__/hardened.js';
import rule from './workload-readonly-root-filesystem.js';

runRuleTests(rule, {
  valid: [
    hardenedCase,
    {
      name: 'read-only Pod, YAML 1.1 boolean; ephemeral containers ignored',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: app
      securityContext: {readOnlyRootFilesystem: yes}
  ephemeralContainers:
    - name: debug
`,
    },
  ],
  invalid: [
    {
      name: 'false, missing field, missing securityContext, init container, odd type',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      initContainers:
        - name: init
          securityContext:
            runAsNonRoot: true
      containers:
        - name: app
          securityContext:
            readOnlyRootFilesystem: false
        - name: bare
          image: nginx:1.27
        - name: odd
          securityContext: "nope"
        - name: stringy
          securityContext:
            readOnlyRootFilesystem: "true"
`,
      output: `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      initContainers:
        - name: init
          securityContext:
            readOnlyRootFilesystem: true
            runAsNonRoot: true
      containers:
        - name: app
          securityContext:
            readOnlyRootFilesystem: true
        - name: bare
          securityContext:
            readOnlyRootFilesystem: true
          image: nginx:1.27
        - name: odd
          securityContext: "nope"
        - name: stringy
          securityContext:
            readOnlyRootFilesystem: true
`,
      errors: [
        { line: 9, message: 'Init container "init" does not set readOnlyRootFilesystem' },
        {
          line: 14,
          column: 13,
          message: 'Container "app" has a writable root filesystem',
          severity: 'medium',
        },
        { line: 15, message: 'Container "bare" does not set' },
        { line: 18, message: 'Container "odd"' },
        { line: 21, message: 'Container "stringy" has a writable root filesystem' },
      ],
    },
  ],
});
