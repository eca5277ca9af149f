import { defineRule } from '../../engine/index.js';
import type { Severity } from '../../model/index.js';
import { aggregatedInto, grantOf, isRole, lower, policyRules, RBAC_GROUP } from './_lib/rbac.js';

export default defineRule({
  id: 'rbac-create-bindings',
  title: 'Roles that create or change RoleBindings',
  severity: 'medium',
  category: 'rbac',
  description:
    'Whoever can create, update or patch a RoleBinding or ClusterRoleBinding can hand any permission they hold to any subject: to an account they control, to a group, to `system:anonymous`. Escalation prevention stops them from binding roles stronger than their own unless they also hold `bind` (reported by rbac-escalate-bind), but a ClusterRoleBinding of their own permissions turns a namespaced grant into a cluster-wide one for the roles they hold, and a binding survives the revocation of the original grant.',
  remediation:
    'Remove `create`, `update` and `patch` on rolebindings and clusterrolebindings unless the subject is an operator that manages access; limit it with `resourceNames` where it only updates known bindings.',
  references: {
    links: [
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#restrictions-on-role-binding-creation-or-update',
    ],
  },
  match: isRole,
  check(resource, context) {
    const bindings = [
      [RBAC_GROUP, 'rolebindings'],
      [RBAC_GROUP, 'clusterrolebindings'],
    ] as const;
    const aggregated = aggregatedInto(resource);
    for (const rule of policyRules(resource)) {
      const grant = grantOf(rule, bindings, ['create', 'update', 'patch']);
      if (!grant) continue;
      const clusterWide = grant.resources.some((r) => r.endsWith('/clusterrolebindings'));
      let severity: Severity = clusterWide && resource.kind === 'ClusterRole' ? 'high' : 'medium';
      const notes: string[] = [];
      if (grant.viaWildcard) notes.push('through a wildcard');
      if (aggregated.length > 0) notes.push(`aggregated into the built-in ${aggregated.join(', ')} role(s)`);
      if (grant.restricted && !grant.verbs.includes('create')) {
        severity = lower(severity);
        notes.push('limited to the bindings named in resourceNames');
      }
      context.report({
        path: [...rule.path, 'resources'],
        severity,
        message: `Rule ${rule.index} can ${grant.verbs.join('/')} ${grant.resources.map((r) => r.slice(r.indexOf('/') + 1)).join(', ')}, handing its permissions to any subject${notes.length ? ` (${notes.join('; ')})` : ''}.`,
      });
    }
  },
});
