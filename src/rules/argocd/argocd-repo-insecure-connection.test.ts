import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './argocd-repo-insecure-connection.js';

const secret = (type: string, body: string) => `apiVersion: v1
kind: Secret
metadata:
  name: repo
  namespace: argocd
  labels:
    argocd.argoproj.io/secret-type: ${type}
${body}
`;

runRuleTests(rule, {
  valid: [
    {
      name: 'secure repository',
      yaml: secret('repository', 'stringData:\n  url: https://github.com/o/r\n  insecure: "false"'),
    },
    {
      name: 'unlabelled secret',
      yaml: 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {insecure: "true"}\n',
    },
    {
      name: 'cluster with CA',
      yaml: secret(
        'cluster',
        'stringData:\n  config: \'{"tlsClientConfig": {"insecure": false, "caData": "Zm9v"}}\'',
      ),
    },
    { name: 'cluster with broken config', yaml: secret('cluster', 'stringData:\n  config: "{not json"') },
  ],
  invalid: [
    {
      name: 'insecure and ignore host key',
      yaml: secret(
        'repo-creds',
        'stringData:\n  url: git@github.com:o\n  insecure: "true"\n  insecureIgnoreHostKey: "true"',
      ),
      errors: [
        { line: 10, message: 'skips TLS certificate' },
        { line: 11, message: 'SSH host key' },
      ],
    },
    {
      name: 'insecure in data (base64 of true)',
      yaml: secret('repository', 'data:\n  insecure: dHJ1ZQ=='),
      errors: [{ line: 9 }],
    },
    {
      name: 'insecure cluster',
      yaml: secret(
        'cluster',
        'type: Opaque\nstringData:\n  name: prod\n  config: |\n    {"tlsClientConfig": {"insecure": true}}',
      ),
      errors: [{ line: 11, message: 'tlsClientConfig.insecure' }],
    },
  ],
});
