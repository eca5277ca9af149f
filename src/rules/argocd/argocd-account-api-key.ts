import { defineRule } from '../../engine/index.js';
import { ARGOCD_USERS_DOCS, configMapData, str } from './_lib/argocd.js';

export default defineRule({
  id: 'argocd-account-api-key',
  title: 'Argo CD local account can create API keys',
  severity: 'low',
  category: 'argocd',
  description:
    "A local account with the `apiKey` capability (`accounts.<name>: apiKey`) can mint bearer tokens that, unless created with an expiry, never expire and act with the account's full permissions. Such tokens end up in CI secrets and scripts; SSO or project-scoped JWT tokens are easier to audit and revoke.",
  remediation:
    'Prefer SSO or project role tokens; keep `apiKey` only for automation accounts with narrow RBAC, issue their tokens with `--expires-in`, and disable unused accounts with `accounts.<name>.enabled: "false"`.',
  references: { links: [ARGOCD_USERS_DOCS] },
  match: (r) => configMapData(r, 'argocd-cm') !== undefined,
  check(resource, context) {
    const data = configMapData(resource, 'argocd-cm')!;
    for (const [key, raw] of Object.entries(data)) {
      const m = /^accounts\.([^.]+)$/.exec(key);
      if (!m) continue;
      const capabilities = (str(raw) ?? '').split(',').map((c) => c.trim());
      if (!capabilities.includes('apiKey')) continue;
      const enabled = str(data[`accounts.${m[1]}.enabled`]);
      if (enabled !== undefined && enabled.toLowerCase() === 'false') continue;
      context.report({ path: ['data', key], message: `Local account "${m[1]}" can generate API keys.` });
    }
  },
});
