import { defineRule } from '../../engine/index.js';
import { getIn, isObject, podSpecOf } from '../../manifests/index.js';

export default defineRule({
  id: 'workload-secret-env-ref',
  title: 'Secret exposed through environment variables',
  severity: 'low',
  category: 'workload',
  description:
    'Secrets passed as environment variables (`env[].valueFrom.secretKeyRef`, `envFrom[].secretRef`) leak easily: applications log their environment in crash reports, child processes inherit it, and `/proc/<pid>/environ` shows it. Files from a Secret volume can be read only where needed and are updated when the Secret changes (CIS 5.4.1: prefer secrets as files).',
  remediation:
    'Mount the Secret as a volume and read the value from the file (many images accept a `*_FILE` variable for this).',
  references: {
    'kube-linter': ['read-secret-from-env-var'],
    checkov: ['CKV_K8S_35'],
    kubescape: ['C-0207'],
    links: ['https://kubernetes.io/docs/concepts/configuration/secret/#using-secrets-as-files-from-a-pod'],
  },
  match: (resource) => podSpecOf(resource) !== undefined,
  check(resource, context) {
    const pod = podSpecOf(resource)!;
    for (const c of pod.containers) {
      const env = c.container.env;
      if (Array.isArray(env)) {
        env.forEach((entry, i) => {
          const ref = getIn(entry, ['valueFrom', 'secretKeyRef']);
          if (!isObject(ref)) return;
          const name = isObject(entry) && typeof entry.name === 'string' ? entry.name : `#${i}`;
          const secret = typeof ref.name === 'string' ? ` from Secret "${ref.name}"` : '';
          context.report({
            path: [...c.path, 'env', i, 'valueFrom', 'secretKeyRef'],
            message: `Container "${c.name}" reads ${name}${secret} into an environment variable.`,
          });
        });
      }
      const envFrom = c.container.envFrom;
      if (Array.isArray(envFrom)) {
        envFrom.forEach((entry, i) => {
          const ref = getIn(entry, ['secretRef']);
          if (!isObject(ref)) return;
          const secret = typeof ref.name === 'string' ? `Secret "${ref.name}"` : 'a Secret';
          context.report({
            path: [...c.path, 'envFrom', i, 'secretRef'],
            message: `Container "${c.name}" loads every key of ${secret} into environment variables.`,
          });
        });
      }
    }
  },
});
