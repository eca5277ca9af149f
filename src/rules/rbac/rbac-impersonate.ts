import { defineRule } from '../../engine/index.js';
import type { Severity } from '../../model/index.js';
import { grantOf, isRole, policyRules } from './_lib/rbac.js';

const IDENTITIES: ReadonlyArray<readonly [string, string]> = [
  ['', 'users'],
  ['', 'groups'],
  ['', 'serviceaccounts'],
  ['authentication.k8s.io', 'uids'],
  ['authentication.k8s.io', 'userextras/scopes'],
];

export default defineRule({
  id: 'rbac-impersonate',
  title: 'Roles with the impersonate verb',
  severity: 'critical',
  category: 'rbac',
  description:
    '`impersonate` on users, groups or service accounts lets the holder act as anyone: impersonating the `system:masters` group is cluster-admin. Without `resourceNames` nothing limits whom it can become.',
  remediation:
    'Remove `impersonate`, or limit it with `resourceNames` to the identities that must be impersonated.',
  references: {
    trivy: ['KSV-0043'],
    links: ['https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation'],
  },
  match: isRole,
  check(resource, context) {
    for (const rule of policyRules(resource)) {
      // Users, groups, uids and userextras are cluster-scoped: a namespaced Role can only impersonate service accounts.
      const targets =
        resource.kind === 'Role' ? IDENTITIES.filter(([, name]) => name === 'serviceaccounts') : IDENTITIES;
      const grant = grantOf(rule, targets, ['impersonate']);
      if (!grant) continue;
      const groups = grant.resources.includes('groups') || grant.resources.includes('users');
      let severity: Severity = groups ? 'critical' : 'high';
      const notes: string[] = [];
      if (grant.viaWildcard) notes.push('through a wildcard');
      if (grant.restricted) {
        severity = 'medium';
        notes.push('limited to the identities named in resourceNames');
      }
      context.report({
        path: [...rule.path, 'verbs'],
        severity,
        message: `Rule ${rule.index} can impersonate ${grant.resources.map((r) => r.slice(r.indexOf('/') + 1)).join(', ')}${notes.length ? ` (${notes.join('; ')})` : ''}.`,
      });
    }
  },
});
