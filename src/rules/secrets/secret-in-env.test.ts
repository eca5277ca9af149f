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
            - name: UPSTREAM
              value: https://api.example.com/v1
`,
    },
  ],
  invalid: [
    {
      name: 'AWS key and URL with password in a CronJob; credential names are left to the workload rule',
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
                - name: DATABASE_URL
                  value: postgres://app:hunter2hunter2@db:5432/app
`,
      errors: [
        { line: 15, message: '"AWS_ACCESS_KEY_ID" to a literal AWS access key ID' },
        { line: 17, message: 'password in a URL' },
      ],
    },
    {
      name: 'a provider format under a variable named after the provider (gitleaks keyed rules)',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: app
      env:
        - {name: CLOUDFLARE_GLOBAL, value: 3a5c7e9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9}
        - {name: CLOUDFLARE_ZONE, value: example.com}
`,
      errors: [{ line: 8, message: '"CLOUDFLARE_GLOBAL" to a literal Cloudflare global api key' }],
    },
  ],
});
