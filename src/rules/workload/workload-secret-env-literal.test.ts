import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import { hardenedCase } from './__fixtures__/hardened.js';
import rule from './workload-secret-env-literal.js';

runRuleTests(rule, {
  valid: [
    hardenedCase,
    {
      name: 'references, placeholders, paths, settings and harmless names',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      containers:
        - name: app
          env:
            - {name: DB_PASSWORD, valueFrom: {secretKeyRef: {name: db, key: password}}}
            - {name: DB_PASSWORD_FILE, value: /run/secrets/db}
            - {name: API_TOKEN, value: $(TOKEN_FROM_SECRET)}
            - {name: CLIENT_SECRET, value: "\${CLIENT_SECRET}"}
            - {name: ADMIN_PASSWORD, value: ""}
            - {name: ADMIN_PASSWORD, value: changeme}
            - {name: GOOGLE_API_KEY, value: GOOGLE_API_KEY_VALUE}
            - {name: ADMIN_PASSWORD, value: "<password>"}
            - {name: SECRET_KEY, value: "vault:secret/data/app#key"}
            - {name: TOKEN_TTL, value: 3600s}
            - {name: PASSWORD_MIN_LENGTH, value: "12"}
            - {name: SECRET_NAME, value: app-credentials}
            - {name: AWS_ACCESS_KEY_ID, value: AKIAEXAMPLEEXAMPLE}
            - {name: CACHE_KEY_PREFIX, value: app-cache}
            - {name: KEYCLOAK_URL, value: https://sso.example.com}
            - {name: ENABLE_TOKEN_AUTH, value: "true"}
            - {name: PWD, value: /workspace}
            - {name: OAUTH_TOKEN_ENDPOINT, value: https://auth.example.com/token}
            - {name: PASSWORD, value: 123456}
            - "odd"
            - {name: 7, value: x}
`,
    },
  ],
  invalid: [
    {
      name: 'literal secrets in several spellings',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers:
    - name: init
      env:
        - name: POSTGRES_PASSWORD
          value: s3cr3t-Passw0rd
  containers:
    - name: app
      env:
        - name: LOG_LEVEL
          value: debug
        - name: GITHUB_TOKEN
          value: ghp_exampleexampleexampleexample0000
        - name: stripeApiKey
          value: sk_live_exampleexample
        - name: AWS_SECRET_ACCESS_KEY
          value: wJalrXUtnFEMIexampleexampleKEY
        - name: DB_PASS
          value: hunter22
        - name: ADMIN_PASSWORD
          value: admin
`,
      errors: [
        {
          line: 9,
          column: 11,
          message:
            'Container "init" sets POSTGRES_PASSWORD to a literal value that looks like a secret (value not shown)',
          severity: 'high',
        },
        { line: 16, message: 'GITHUB_TOKEN' },
        { line: 18, message: 'stripeApiKey' },
        { line: 20, message: 'AWS_SECRET_ACCESS_KEY' },
        { line: 22, message: 'DB_PASS' },
        { line: 24, message: /^((?!admin").)*ADMIN_PASSWORD((?!"admin").)*$/ },
      ],
    },
  ],
});
