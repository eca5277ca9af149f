import { defineRule } from '../../engine/index.js';
import { isObject, podSpecOf } from '../../manifests/index.js';
import { keyedSecret } from './_lib/keyed-secrets.js';
import { credentialLabel, detectSecrets } from './_lib/redact.js';

export default defineRule({
  id: 'secret-in-env',
  title: 'Known credential formats in environment variable values',
  severity: 'high',
  category: 'secrets',
  description:
    'A token, key or password-bearing URL in a container `env[].value` is committed in plain text and visible to anyone who can read the workload. This rule finds known credential formats (AWS keys, GitHub, Slack, npm, OpenAI tokens, private keys, URLs with a password) whatever the variable is called, and a provider credential format under a variable named after the provider (the keyed rules of gitleaks: a 40-character Cloudflare key in `CLOUDFLARE_GLOBAL`); variables named like a credential are covered by `workload-secret-env-literal`.',
  remediation:
    'Put the value in a Secret (sealed, SOPS-encrypted or external) and use `valueFrom.secretKeyRef`.',
  references: {
    links: [
      'https://kubernetes.io/docs/tasks/inject-data-application/distribute-credentials-secure/#define-container-environment-variables-using-secret-data',
    ],
  },
  match: (resource) => podSpecOf(resource) !== undefined,
  check(resource, context) {
    const pod = podSpecOf(resource)!;
    for (const c of pod.containers) {
      const env = c.container.env;
      if (!Array.isArray(env)) continue;
      env.forEach((entry, index) => {
        if (!isObject(entry) || typeof entry.name !== 'string' || typeof entry.value !== 'string') return;
        if (credentialLabel(entry.name)) return; // reported by workload-secret-env-literal
        const hit = detectSecrets(entry.value)[0] ?? keyedSecret(entry.name, entry.value);
        if (!hit) return;
        context.report({
          path: [...c.path, 'env', index, 'value'],
          message: `Container "${c.name}" sets environment variable "${entry.name}" to a literal ${hit.label} (value not shown).`,
        });
      });
    }
  },
});
