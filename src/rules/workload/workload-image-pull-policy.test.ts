import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import { hardenedCase } from './__fixtures__/hardened.js';
import rule from './workload-image-pull-policy.js';

runRuleTests(rule, {
  valid: [
    hardenedCase,
    {
      name: 'Always; latest or no tag default to Always; digest with any policy',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: a
      image: nginx:1.27
      imagePullPolicy: Always
    - name: b
      image: nginx:latest
    - name: c
      image: nginx
    - name: d
      image: nginx@sha256:4c1d7f6a0b2e9c8d5f3a1b7e6d4c2a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b
      imagePullPolicy: Never
    - name: e
`,
    },
  ],
  invalid: [
    {
      name: 'fixed tag without policy, IfNotPresent, Never on latest',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      containers:
        - name: a
          image: nginx:1.27
        - name: b
          image: nginx:1.27
          imagePullPolicy: IfNotPresent
        - name: c
          image: nginx:latest
          imagePullPolicy: Never
`,
      output: `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      containers:
        - name: a
          imagePullPolicy: Always
          image: nginx:1.27
        - name: b
          image: nginx:1.27
          imagePullPolicy: Always
        - name: c
          image: nginx:latest
          imagePullPolicy: Always
`,
      errors: [
        {
          line: 8,
          message:
            'Container "a" has no imagePullPolicy: for the fixed tag "1.27" it defaults to IfNotPresent',
          severity: 'low',
        },
        { line: 12, message: 'imagePullPolicy IfNotPresent' },
        { line: 15, message: 'imagePullPolicy Never' },
      ],
    },
  ],
});
