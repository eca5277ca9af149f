import { defineRule } from '../../engine/index.js';
import { getIn } from '../../manifests/index.js';
import {
  ARGOCD_DECLARATIVE_DOCS,
  argoSecretType,
  isTrue,
  parseClusterConfig,
  secretField,
} from './_lib/argocd.js';

const REPO_TYPES = new Set(['repository', 'repo-creds', 'repository-write', 'repo-write-creds']);

export default defineRule({
  id: 'argocd-repo-insecure-connection',
  title: 'Argo CD repository or cluster connection skips verification',
  severity: 'high',
  category: 'argocd',
  description:
    'An Argo CD repository Secret with `insecure: "true"` skips the TLS certificate check (or, for SSH, the host key check), and `insecureIgnoreHostKey: "true"` skips the SSH host key check. A cluster Secret whose `config` has `tlsClientConfig.insecure: true` does not verify the API server. Anyone in the network path can then impersonate the Git server or the cluster: serve other manifests, or capture the credentials Argo CD sends.',
  remediation:
    "Remove `insecure` / `insecureIgnoreHostKey`; add the server's CA to argocd-tls-certs-cm or its host key to argocd-ssh-known-hosts-cm, and set `tlsClientConfig.caData` for clusters.",
  references: {
    links: [
      ARGOCD_DECLARATIVE_DOCS,
      'https://argo-cd.readthedocs.io/en/stable/operator-manual/declarative-setup/#repositories-using-self-signed-tls-certificates-or-are-signed-by-custom-ca',
    ],
  },
  match: (r) => argoSecretType(r) !== undefined,
  check(resource, context) {
    const type = argoSecretType(resource)!;
    if (REPO_TYPES.has(type)) {
      for (const key of ['insecure', 'insecureIgnoreHostKey']) {
        const field = secretField(resource, key);
        if (field && isTrue(field.value)) {
          context.report({
            path: field.path,
            message: `Repository Secret "${resource.name}" ${key === 'insecure' ? 'skips TLS certificate and host key verification' : 'skips SSH host key verification'} (\`${key}\`).`,
          });
        }
      }
    } else if (type === 'cluster') {
      const field = secretField(resource, 'config');
      if (!field) return;
      const config = parseClusterConfig(field.value);
      if (config && isTrue(getIn(config, ['tlsClientConfig', 'insecure']))) {
        context.report({
          path: field.path,
          message: `Cluster Secret "${resource.name}" does not verify the API server's TLS certificate (tlsClientConfig.insecure).`,
        });
      }
    }
  },
});
