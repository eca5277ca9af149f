import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './secret-plaintext.js';

runRuleTests(rule, {
  valid: [
    {
      name: 'an Argo CD repository Secret is left to argocd-secret-plaintext-credentials',
      yaml: `apiVersion: v1
kind: Secret
metadata:
  name: repo
  labels:
    argocd.argoproj.io/secret-type: repository
stringData:
  url: https://github.com/org/repo
  password: Xk3-fake-example-Qz9w7
`,
    },
    {
      name: 'SOPS-encrypted Secret',
      yaml: `apiVersion: v1
kind: Secret
metadata: {name: db}
stringData:
  password: ENC[AES256_GCM,data:Zm9v,iv:YmFy,tag:YmF6,type:str]
sops:
  mac: ENC[AES256_GCM,data:abc,iv:def,tag:ghi,type:str]
  version: 3.8.1
`,
    },
    {
      name: 'SealedSecret and ExternalSecret are not Secrets',
      yaml: `apiVersion: bitnami.com/v1alpha1
kind: SealedSecret
metadata: {name: db}
spec:
  encryptedData:
    password: AgBy3i4OJSWK+PiTySYZZA==
---
apiVersion: external-secrets.io/v1beta1
kind: ExternalSecret
metadata: {name: db}
spec:
  data:
    - secretKey: password
      remoteRef: {key: db/password}
`,
    },
    {
      name: 'service account token Secret without data',
      yaml: `apiVersion: v1
kind: Secret
metadata:
  name: sa-token
  annotations: {kubernetes.io/service-account.name: app}
type: kubernetes.io/service-account-token
`,
    },
    {
      name: 'placeholders, empty values and public keys',
      yaml: `apiVersion: v1
kind: Secret
metadata:
  name: repo
  labels: {argocd.argoproj.io/secret-type: repository}
stringData:
  type: git
  url: https://github.com/example/repo.git
  password: \${GIT_PASSWORD}
  token: ""
  other: "{{ .Values.token }}"
data:
  ca.crt: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUIKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=
`,
    },
    {
      name: 'odd data',
      yaml: 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: [1, 2]\nstringData: {a: null, b: {c: d}}\n',
    },
  ],
  invalid: [
    {
      name: 'base64 data with a private key',
      yaml: `apiVersion: v1
kind: Secret
metadata: {name: tls}
type: kubernetes.io/tls
data:
  tls.crt: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUIKLS0tLS1FTkQgQ0VSVElGSUNBVEUtLS0tLQo=
  tls.key: LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JSUUKLS0tLS1FTkQgUFJJVkFURSBLRVktLS0tLQo=
`,
      errors: [{ line: 7, message: /private key.*base64 is not encryption/ }],
    },
    {
      name: 'URL with credentials under a public key',
      yaml: `apiVersion: v1
kind: Secret
metadata: {name: db}
stringData:
  url: postgres://app:hunter2hunter2@db.example.com:5432/app
`,
      errors: [{ line: 5, message: 'password in a URL' }],
    },
    {
      name: 'config files in a Secret: one with a password, one without',
      yaml: `apiVersion: v1
kind: Secret
metadata: {name: grafana-config}
stringData:
  grafana.ini: |
    [security]
    admin_password = correct-horse-battery
  datasources.yaml: |
    apiVersion: 1
    datasources:
      - name: prometheus
        url: http://prometheus:9090
`,
      errors: [
        { line: 5, severity: 'high', message: 'setting "admin_password"' },
        { line: 8, severity: 'low', message: 'no credential was recognised' },
      ],
    },
  ],
});
