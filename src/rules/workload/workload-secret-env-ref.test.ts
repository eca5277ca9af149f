import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import { hardenedCase } from './__fixtures__/hardened.js';
import rule from './workload-secret-env-ref.js';

runRuleTests(rule, {
  valid: [
    hardenedCase,
    {
      name: 'ConfigMap references and odd entries',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: app
      env:
        - {name: A, valueFrom: {configMapKeyRef: {name: c, key: a}}}
        - {name: B, valueFrom: {secretKeyRef: null}}
        - "odd"
      envFrom:
        - configMapRef: {name: c}
        - null
`,
    },
  ],
  invalid: [
    {
      name: 'secretKeyRef and envFrom secretRef in a Deployment',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      initContainers:
        - name: init
          envFrom:
            - secretRef: {name: bootstrap}
      containers:
        - name: app
          env:
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef: {name: db, key: password}
`,
      errors: [
        {
          line: 10,
          message: 'Container "init" loads every key of Secret "bootstrap" into environment variables',
          severity: 'low',
        },
        {
          line: 16,
          message: 'Container "app" reads DB_PASSWORD from Secret "db" into an environment variable',
        },
      ],
    },
  ],
});
