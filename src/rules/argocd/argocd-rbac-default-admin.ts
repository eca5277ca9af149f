import { defineRule } from '../../engine/index.js';
import { ARGOCD_RBAC_DOCS } from './_lib/argocd.js';
import { adminRoles, policyLines, rbacConfigOf } from './_lib/rbac.js';

export default defineRule({
  id: 'argocd-rbac-default-admin',
  title: 'Argo CD default role is admin',
  severity: 'critical',
  category: 'argocd',
  description:
    '`policy.default` in argocd-rbac-cm is the role of every authenticated user who matches no other rule (and of anonymous users when they are enabled). Set to `role:admin`, or to a role with every permission, it makes every SSO user a full administrator of Argo CD and of every cluster it manages.',
  remediation:
    'Set `policy.default: role:readonly` (or leave it empty) and grant admin to named groups in `policy.csv`.',
  references: { links: [ARGOCD_RBAC_DOCS] },
  match: (r) => rbacConfigOf(r) !== undefined,
  check(resource, context) {
    const config = rbacConfigOf(resource)!;
    const def = config.defaultPolicy;
    if (!def || def.value === '') return;
    const admins = adminRoles(policyLines(config));
    if (!admins.has(def.value)) return;
    context.report({
      path: def.path,
      message:
        def.value === 'role:admin'
          ? 'Every user who matches no other rule gets role:admin.'
          : `Every user who matches no other rule gets "${def.value}", which has every permission.`,
      fix: {
        kind: 'replace-value',
        description: 'Default to read-only',
        path: def.path,
        value: 'role:readonly',
      },
    });
  },
});
