import { describe, expect, it } from '@jest/globals';
import { findingsOf, runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './argocd-secret-plaintext-credentials.js';

const secret = (type: string, body: string) => `apiVersion: v1
kind: Secret
metadata:
  name: repo
  labels:
    argocd.argoproj.io/secret-type: ${type}
${body}
`;

runRuleTests(rule, {
  valid: [
    {
      name: 'url only',
      yaml: secret('repository', 'stringData:\n  url: https://github.com/o/r\n  type: git'),
    },
    {
      name: 'vault plugin placeholders',
      yaml: secret(
        'repository',
        'stringData:\n  password: <path:secret/data/git#password>\n  sshPrivateKey: ""',
      ),
    },
    {
      name: 'SOPS encrypted',
      yaml: secret(
        'repository',
        'stringData:\n  password: ENC[AES256_GCM,data:abc,type:str]\nsops:\n  version: 3.8.1',
      ),
    },
    {
      name: 'cluster with exec provider',
      yaml: secret(
        'cluster',
        'stringData:\n  config: \'{"execProviderConfig": {"command": "argocd-k8s-auth"}, "tlsClientConfig": {"caData": "Zm9v"}}\'',
      ),
    },
  ],
  invalid: [
    {
      name: 'password and key in stringData',
      yaml: secret(
        'repository',
        'stringData:\n  url: https://github.com/o/r\n  password: hunter2-secret\n  sshPrivateKey: |\n    -----BEGIN OPENSSH PRIVATE KEY-----\n    abc\n    -----END OPENSSH PRIVATE KEY-----',
      ),
      errors: [
        { line: 9, message: /holds `password` in plain text\.$/ },
        { line: 10, message: '`sshPrivateKey`' },
      ],
    },
    {
      name: 'token in data',
      yaml: secret('repo-creds', 'data:\n  bearerToken: c2VjcmV0LXRva2Vu'),
      errors: [{ line: 8, message: 'base64 is not encryption' }],
    },
    {
      name: 'cluster bearer token',
      yaml: secret(
        'cluster',
        'stringData:\n  config: |\n    {"bearerToken": "eyJhbGciOi-secret", "tlsClientConfig": {"insecure": false}}',
      ),
      errors: [{ line: 8, message: '(bearerToken)' }],
    },
  ],
});

describe('argocd-secret-plaintext-credentials messages', () => {
  it('never contain the secret values', () => {
    const found = findingsOf(rule, {
      name: 'values',
      yaml: secret(
        'cluster',
        'stringData:\n  config: \'{"bearerToken": "tok-SECRET-1", "password": "pw-SECRET-2"}\'',
      ),
    });
    expect(found).toHaveLength(1);
    for (const f of found) expect(f.message).not.toMatch(/SECRET/);
  });
});
