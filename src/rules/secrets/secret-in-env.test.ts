import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './secret-in-env.js';

runRuleTests(rule, {
  valid: [
    {
      name: 'references and benign values',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      containers:
        - name: app
          env:
            - name: DB_PASSWORD
              valueFrom: {secretKeyRef: {name: db, key: password}}
            - name: API_TOKEN
              value: $(TOKEN_FROM_SECRET)
            - name: PASSWORD_FILE
              value: /run/secrets/db
            - name: TOKEN_URL
              value: https://auth.example.com/token
            - name: SECRET_NAME
              value: db
            - name: AUTH_ENABLED
              value: "true"
            - {name: X, value: 3}
`,
    },
  ],
  invalid: [
    {
      name: 'literal password and an AWS key in a CronJob',
      yaml: `apiVersion: batch/v1
kind: CronJob
metadata: {name: c}
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: backup
              env:
                - name: PGPASSWORD
                  value: hunter2hunter2
                - name: AWS_ACCESS_KEY_ID
                  value: AKIAZ7XQ3LMN4OPQ5RST
`,
      errors: [
        { line: 13, message: '"PGPASSWORD" to a literal password' },
        { line: 15, message: 'AWS access key ID' },
      ],
    },
  ],
});
