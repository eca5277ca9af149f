import { defineRule } from '../../engine/index.js';
import { reportGrants, resourceNames } from './_lib/grants.js';
import { isRole, lower, RBAC_GROUP } from './_lib/rbac.js';

export default defineRule({
  id: 'rbac-escalate-bind',
  title: 'Roles with the bind or escalate verbs',
  severity: 'high',
  category: 'rbac',
  description:
    'RBAC stops users from granting permissions they do not hold, except for `escalate` on roles (edit a role to add any permission) and `bind` on roles (bind any role, cluster-admin included). Either one is a path to cluster-admin. A `*` verb on roles or clusterroles includes both.',
  remediation:
    'Remove `bind` and `escalate`; if a controller must bind roles, limit `bind` with `resourceNames` to the roles it hands out.',
  references: {
    checkov: ['CKV_K8S_158'],
    trivy: ['KSV-0050'],
    links: [
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping',
    ],
  },
  match: isRole,
  check(resource, context) {
    reportGrants(resource, context, {
      targets: [
        [RBAC_GROUP, 'roles'],
        [RBAC_GROUP, 'clusterroles'],
      ],
      verbs: ['bind', 'escalate'],
      at: 'verbs',
      severity: (_grant, role) => (role.kind === 'ClusterRole' ? 'critical' : 'high'),
      restricted: {
        note: 'limited to the roles named in resourceNames',
        severity: (severity) => lower(lower(severity)),
      },
      message: (grant, rule) =>
        `Rule ${rule.index} grants ${grant.verbs.join(' and ')} on ${resourceNames(grant).join(', ')}, a path to any permission`,
    });
  },
});
