import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './secret-in-configmap.js';

runRuleTests(rule, {
  valid: [
    {
      name: 'Argo CD argocd-cm with secret references',
      yaml: `apiVersion: v1
kind: ConfigMap
metadata: {name: argocd-cm, namespace: argocd}
data:
  url: https://argocd.example.com
  oidc.config: |
    name: Okta
    issuer: https://example.okta.com
    clientID: 0oa123
    clientSecret: $oidc.okta.clientSecret
  dex.config: |
    connectors:
      - type: github
        config:
          clientSecret: $dex.github.clientSecret
          password: \${DEX_PASSWORD}
          token: $(TOKEN)
          apiKey: "{{ .Values.key }}"
`,
    },
    {
      name: 'file name key with code, and benign settings',
      yaml: `apiVersion: v1
kind: ConfigMap
metadata: {name: c}
data:
  password_validation.py: |
    def check(password):
        password = password.strip()
        return len(password) > 12
  password_min_length: "12"
  secretName: my-secret
  token_url: https://auth.example.com/token
  password_file: /etc/secret/password
  app.yaml: |
    auth:
      passwordFile: /run/secrets/pw
      tokenTTL: 3600
      secretRef: db-creds
      enabled: true
`,
    },
    {
      name: 'one-line settings with placeholders and benign values, Azure names that are not keys',
      yaml: `apiVersion: v1
kind: ConfigMap
metadata: {name: app}
data:
  app.env: "DB_PASSWORD=\${DB_PASSWORD}"
  flags: "LOG_LEVEL=debug"
  auth: "client_secret: changeme"
  AZURE_TENANT_ID: "00000000-0000-0000-0000-000000000000"
  AZURE_KEY_VAULT_NAME: "kv-prod"
  AZURE_KEY: "abc"
`,
    },
    {
      name: 'odd data',
      yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: 1, b: null, c: [x]}\n',
    },
  ],
  invalid: [
    {
      name: 'password in an embedded config file, and a literal token key',
      yaml: `apiVersion: v1
kind: ConfigMap
metadata: {name: alertmanager}
data:
  API_TOKEN: a8f3k2l9q0w7e6r5
  alertmanager.yml: |
    global:
      smtp_auth_username: alerts
      smtp_auth_password: 'Sup3rS3cret!'
      slack_api_url: https://hooks.slack.com/services/T0000000/B0000000/XXXXXXXXXXXXXXXXXXXXXXXX
`,
      errors: [
        { line: 5, message: 'ConfigMap key "API_TOKEN" holds a token' },
        { line: 6, message: 'password in setting "smtp_auth_password" (line 3' },
        { line: 6, message: 'Slack incoming webhook URL' },
      ],
    },
    {
      name: 'grafana.ini with a literal admin password',
      yaml: `apiVersion: v1
kind: ConfigMap
metadata: {name: grafana}
data:
  grafana.ini: |
    [security]
    admin_user = admin
    admin_password = correct-horse-battery
`,
      errors: [{ line: 5, message: 'admin_password' }],
    },
    {
      name: 'one-line KEY=value and KEY: value settings, cloud key names',
      yaml: `apiVersion: v1
kind: ConfigMap
metadata: {name: app}
data:
  app.env: "DB_PASSWORD=hunter2-horse"
  settings: "export API_TOKEN=0a1b2c3d4e5f"
  auth: "client_secret: s3cr3t-value-1"
  AZURE_BATCH_KEY: "c2VjcmV0LWtleS1mb3ItYmF0Y2g="
  OCI_CLI_KEY_CONTENT: "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC"
`,
      errors: [
        { line: 5, message: 'ConfigMap key "app.env" embeds a password in setting "DB_PASSWORD".' },
        { line: 6, message: 'in setting "API_TOKEN"' },
        { line: 7, message: 'in setting "client_secret"' },
        { line: 8, message: 'ConfigMap key "AZURE_BATCH_KEY" holds a key for Azure in plain text.' },
        { line: 9, message: 'holds a signing key for the OCI API' },
      ],
    },
    {
      name: 'a provider format under a key named after the provider (gitleaks keyed rules)',
      yaml: `apiVersion: v1
kind: ConfigMap
metadata: {name: app}
data:
  HEROKU_API: "4f8a1c2e-9b3d-4e6f-8a7b-1c2d3e4f5a6b"
  CLOUDFLARE_ZONE: "example.com"
  app.env: "SENTRY_AUTH=3a5c7e9b1d3f5a7c9e1b3d5f7a9c1e3b5d7f9a1c3e5b7d9f1a3c5e7b9d1f3a5c"
`,
      errors: [
        { line: 5, message: 'ConfigMap key "HEROKU_API" holds a Heroku api key in plain text.' },
        { line: 7, message: 'embeds a Sentry access token in setting "SENTRY_AUTH"' },
      ],
    },
  ],
});
