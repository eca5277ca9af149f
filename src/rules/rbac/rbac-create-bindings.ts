import { defineRule } from '../../engine/index.js';
import { reportGrants, resourceNames } from './_lib/grants.js';
import { isRole, RBAC_GROUP } from './_lib/rbac.js';

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
    reportGrants(resource, context, {
      targets: [
        [RBAC_GROUP, 'rolebindings'],
        [RBAC_GROUP, 'clusterrolebindings'],
      ],
      verbs: ['create', 'update', 'patch'],
      at: 'resources',
      severity: (grant, role) =>
        grant.resources.some((r) => r.endsWith('/clusterrolebindings')) && role.kind === 'ClusterRole'
          ? 'high'
          : 'medium',
      aggregation: { raise: false },
      restricted: {
        applies: (grant) => !grant.verbs.includes('create'),
        note: 'limited to the bindings named in resourceNames',
      },
      message: (grant, rule) =>
        `Rule ${rule.index} can ${grant.verbs.join('/')} ${resourceNames(grant).join(', ')}, handing its permissions to any subject`,
    });
  },
});
