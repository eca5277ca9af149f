import { defineRule } from '../../engine/index.js';
import type { Severity } from '../../model/index.js';
import { grantOf, isRole, lower, policyRules, RBAC_GROUP } from './_lib/rbac.js';

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
    const roles = [
      [RBAC_GROUP, 'roles'],
      [RBAC_GROUP, 'clusterroles'],
    ] as const;
    for (const rule of policyRules(resource)) {
      const grant = grantOf(rule, roles, ['bind', 'escalate']);
      if (!grant) continue;
      let severity: Severity = resource.kind === 'ClusterRole' ? 'critical' : 'high';
      const notes: string[] = [];
      if (grant.viaWildcard) notes.push('through a wildcard');
      if (grant.restricted) {
        severity = lower(lower(severity));
        notes.push('limited to the roles named in resourceNames');
      }
      context.report({
        path: [...rule.path, 'verbs'],
        severity,
        message: `Rule ${rule.index} grants ${grant.verbs.join(' and ')} on ${grant.resources.map((r) => r.slice(r.indexOf('/') + 1)).join(', ')}, a path to any permission${notes.length ? ` (${notes.join('; ')})` : ''}.`,
      });
    }
  },
});
