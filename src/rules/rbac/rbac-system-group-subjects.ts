import { defineRule } from '../../engine/index.js';
import type { Severity } from '../../model/index.js';
import { isBinding, roleRefOf, subjectsOf } from './_lib/rbac.js';

/** Discovery roles Kubernetes itself binds to these groups. */
const HARMLESS_ROLES = new Set(['system:public-info-viewer', 'system:discovery', 'system:basic-user']);

export default defineRule({
  id: 'rbac-system-group-subjects',
  title: 'Bindings to anonymous, all-authenticated or system:masters subjects',
  severity: 'critical',
  category: 'rbac',
  description:
    '`system:anonymous` and `system:unauthenticated` are anyone who can reach the API server without credentials; `system:authenticated` is every user and every service account of every namespace. Granting them a role hands it to the world or to any compromised pod. `system:masters` bypasses RBAC altogether: binding it is pointless, and a sign that its unrevocable superuser membership is in use.',
  remediation: 'Bind roles to named users, groups or service accounts instead of the built-in system groups.',
  references: {
    trivy: ['KSV-0122', 'KSV-0123', 'KSV-01011'],
    kubescape: ['C-0262'],
    links: ['https://kubernetes.io/docs/reference/access-authn-authz/rbac/#default-roles-and-role-bindings'],
  },
  match: isBinding,
  check(resource, context) {
    const ref = roleRefOf(resource);
    const role = ref?.name ?? '';
    const harmless = ref?.kind === 'ClusterRole' && HARMLESS_ROLES.has(role);
    const roleText = role ? `${ref?.kind || 'role'} "${role}"` : 'its role';
    for (const s of subjectsOf(resource)) {
      let severity: Severity | undefined;
      let who = '';
      if (s.name === 'system:anonymous' || s.name === 'system:unauthenticated') {
        severity = harmless ? 'low' : 'critical';
        who = 'unauthenticated (anonymous) requests';
      } else if (s.name === 'system:authenticated') {
        severity = harmless ? 'info' : role === 'cluster-admin' ? 'critical' : 'high';
        who = 'every authenticated user and service account';
      } else if (s.name === 'system:masters') {
        severity = 'low';
        who = 'the system:masters group, which already bypasses RBAC';
      } else if (s.name === 'system:serviceaccounts') {
        severity = harmless ? 'info' : role === 'cluster-admin' ? 'critical' : 'high';
        who = 'every service account of every namespace';
      }
      if (!severity) continue;
      context.report({
        path: ['subjects', s.index],
        severity,
        message: `${resource.kind} grants ${roleText} to "${s.name}": ${who}.`,
      });
    }
  },
});
