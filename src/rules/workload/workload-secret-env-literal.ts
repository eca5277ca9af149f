import { defineRule } from '../../engine/index.js';
import { isObject, podSpecOf } from '../../manifests/index.js';
import { looksLikeLiteralSecret, looksLikeSecretName } from './_lib/secret-names.js';

export default defineRule({
  id: 'workload-secret-env-literal',
  title: 'Secret written in an environment variable',
  severity: 'high',
  category: 'workload',
  description:
    'A password, token or key written as the literal `value` of an environment variable is stored in Git for everyone with read access, in every fork and clone, forever, and it shows in `kubectl describe`. Reported: variables whose name says password, secret, token, credential or API/access/private key, with a literal value that is not empty, not a `$(VAR)` or `${VAR}` reference, not a placeholder (`changeme`, `<password>`, `UPPER_SNAKE_NAME`), path, number or boolean. The value is never shown.',
  remediation:
    'Rotate the secret, move it to a Secret (managed with Sealed Secrets, SOPS or External Secrets) and mount it as a file, or at least reference it with `valueFrom.secretKeyRef`.',
  references: {
    polaris: ['sensitiveContainerEnvVar'],
    'kube-linter': ['env-var-secret'],
    links: ['https://kubernetes.io/docs/concepts/configuration/secret/'],
  },
  match: (resource) => podSpecOf(resource) !== undefined,
  check(resource, context) {
    const pod = podSpecOf(resource)!;
    for (const c of pod.containers) {
      const env = c.container.env;
      if (!Array.isArray(env)) continue;
      env.forEach((entry, i) => {
        if (!isObject(entry) || typeof entry.name !== 'string') return;
        if (entry.valueFrom !== undefined && entry.valueFrom !== null) return;
        if (!looksLikeSecretName(entry.name) || !looksLikeLiteralSecret(entry.value)) return;
        context.report({
          path: [...c.path, 'env', i, 'value'],
          message: `Container "${c.name}" sets ${entry.name} to a literal value that looks like a secret (value not shown).`,
        });
      });
    }
  },
});
