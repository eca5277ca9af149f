import { defineRule } from '../../engine/index.js';
import { getIn } from '../../manifests/index.js';
import {
  ARGOCD_DECLARATIVE_DOCS,
  argoSecretType,
  isEncryptedSecret,
  isPlaceholderSecret,
  parseClusterConfig,
  secretField,
} from './_lib/argocd.js';

/** Credential fields of repository and repo-creds Secrets. */
const REPO_CREDENTIALS = [
  'password',
  'bearerToken',
  'sshPrivateKey',
  'githubAppPrivateKey',
  'tlsClientCertKey',
  'gcpServiceAccountKey',
];
/** Credential fields inside a cluster Secret's `config` JSON. */
const CLUSTER_CREDENTIALS: string[][] = [['bearerToken'], ['password'], ['tlsClientConfig', 'keyData']];

export default defineRule({
  id: 'argocd-secret-plaintext-credentials',
  title: 'Argo CD credentials committed in plain text',
  severity: 'high',
  category: 'argocd',
  description:
    'A repository, repo-creds or cluster Secret committed with a password, token or private key in `stringData` or `data` (base64 is an encoding, not encryption) gives everyone with read access to the Git repository the credentials Argo CD uses: write access to the source repositories, or admin tokens for the managed clusters.',
  remediation:
    'Keep the credential out of Git: use Sealed Secrets, SOPS, External Secrets or the Vault plugin, then rotate the exposed credential.',
  references: {
    links: [
      ARGOCD_DECLARATIVE_DOCS,
      'https://argo-cd.readthedocs.io/en/stable/operator-manual/secret-management/',
    ],
  },
  match: (r) => argoSecretType(r) !== undefined && !isEncryptedSecret(r),
  check(resource, context) {
    const type = argoSecretType(resource)!;
    if (type === 'cluster') {
      const field = secretField(resource, 'config');
      if (!field) return;
      const config = parseClusterConfig(field.value);
      if (!config) return;
      const found = CLUSTER_CREDENTIALS.filter((p) => !isPlaceholderSecret(getIn(config, p))).map((p) =>
        p.join('.'),
      );
      if (found.length > 0) {
        context.report({
          path: field.path,
          message: `Cluster Secret "${resource.name}" holds credentials in plain text (${found.join(', ')}).`,
        });
      }
      return;
    }
    for (const key of REPO_CREDENTIALS) {
      const field = secretField(resource, key);
      if (!field || isPlaceholderSecret(field.value)) continue;
      context.report({
        path: field.path,
        message: `Secret "${resource.name}" holds \`${key}\` in plain text${field.from === 'data' ? ' (base64 is not encryption)' : ''}.`,
      });
    }
  },
});
