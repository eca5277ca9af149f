import { defineRule } from '../../engine/index.js';
import { ARGOCD_USERS_DOCS, configMapData, isTrue, str } from './_lib/argocd.js';

export default defineRule({
  id: 'argocd-admin-user-enabled',
  title: 'Argo CD built-in admin user enabled',
  severity: 'medium',
  category: 'argocd',
  description:
    'The built-in `admin` account has full control of Argo CD and every cluster it manages, shares one password and has no group or login history. The Argo CD documentation recommends using it only for the initial setup and disabling it once SSO or local users exist. It is enabled by default, so this rule reports `admin.enabled: "true"` (medium), and an absent `admin.enabled` only when the same argocd-cm already configures SSO or local accounts (low).',
  remediation:
    'Set `admin.enabled: "false"` in argocd-cm once SSO (`dex.config`, `oidc.config`) or local accounts are set up.',
  references: { links: [ARGOCD_USERS_DOCS] },
  match: (r) => configMapData(r, 'argocd-cm') !== undefined,
  check(resource, context) {
    const data = configMapData(resource, 'argocd-cm')!;
    const value = data['admin.enabled'];
    if (value !== undefined && value !== null) {
      if (isTrue(value))
        context.report({
          path: ['data', 'admin.enabled'],
          message: 'The built-in admin user is explicitly enabled.',
        });
      return;
    }
    const sso = ['dex.config', 'oidc.config'].some((k) => (str(data[k]) ?? '') !== '');
    const accounts = Object.keys(data).some((k) => /^accounts\.[^.]+$/.test(k));
    if (!sso && !accounts) return;
    context.report({
      path: ['data', 'admin.enabled'],
      missing: true,
      severity: 'low',
      message: `The built-in admin user stays enabled (the default) although ${sso ? 'SSO' : 'local accounts'} ${sso ? 'is' : 'are'} configured.`,
    });
  },
});
