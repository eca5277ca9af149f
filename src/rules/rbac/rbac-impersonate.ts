import { defineRule } from '../../engine/index.js';
import { reportGrants, resourceNames } from './_lib/grants.js';
import { isRole } from './_lib/rbac.js';

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
    reportGrants(resource, context, {
      // Users, groups, uids and userextras are cluster-scoped: a namespaced Role can only impersonate service accounts.
      targets: (role) =>
        role.kind === 'Role' ? IDENTITIES.filter(([, name]) => name === 'serviceaccounts') : IDENTITIES,
      verbs: ['impersonate'],
      at: 'verbs',
      severity: (grant) =>
        grant.resources.includes('groups') || grant.resources.includes('users') ? 'critical' : 'high',
      restricted: { note: 'limited to the identities named in resourceNames', severity: () => 'medium' },
      message: (grant, rule) => `Rule ${rule.index} can impersonate ${resourceNames(grant).join(', ')}`,
    });
  },
});
