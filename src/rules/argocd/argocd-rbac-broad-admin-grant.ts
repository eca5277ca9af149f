import { defineRule } from '../../engine/index.js';
import { ARGOCD_RBAC_DOCS } from './_lib/argocd.js';
import { adminRoles, isWildcard, policyLines, rbacConfigOf } from './_lib/rbac.js';

const BROAD_SUBJECTS = new Set([
  'authenticated',
  'system:authenticated',
  'everyone',
  'all',
  'users',
  'role:readonly',
  'role:anonymous',
]);

function isBroad(subject: string): boolean {
  return isWildcard(subject) || subject.includes('*') || BROAD_SUBJECTS.has(subject.toLowerCase());
}

export default defineRule({
  id: 'argocd-rbac-broad-admin-grant',
  title: 'Argo CD admin granted broadly',
  severity: 'high',
  category: 'argocd',
  description:
    'A `g, <subject>, role:admin` line in argocd-rbac-cm (policy.csv or a policy.<name>.csv overlay) makes every member of the subject an administrator of Argo CD and of every cluster it manages. With a wildcard or an everyone-style group (`*`, `authenticated`) that is every user (high); a named group is reported at low so that admin grants get reviewed. A `p` line allowing every action on every resource counts as an admin grant too.',
  remediation:
    'Grant `role:admin` only to a small, named administrators group, and give other groups project-scoped roles.',
  references: { links: [ARGOCD_RBAC_DOCS] },
  match: (r) => rbacConfigOf(r) !== undefined,
  check(resource, context) {
    const config = rbacConfigOf(resource)!;
    const lines = policyLines(config);
    const admins = adminRoles(lines);
    for (const l of lines) {
      const [type, subject, target, action, object, effect] = l.fields;
      if (!subject) continue;
      let granted: string | undefined;
      if (type === 'g' && target && admins.has(target) && !subject.startsWith('role:')) granted = target;
      else if (type === 'g' && target && admins.has(target) && isBroad(subject)) granted = target;
      else if (
        type === 'p' &&
        !subject.startsWith('role:') &&
        isWildcard(target) &&
        isWildcard(action) &&
        isWildcard(object) &&
        (effect ?? 'allow').toLowerCase() === 'allow'
      )
        granted = 'every permission';
      if (!granted) continue;
      const broad = isBroad(subject);
      context.report({
        path: l.policy.path,
        key: `${String(l.policy.path[l.policy.path.length - 1])}:${l.index}`,
        severity: broad ? undefined : 'low',
        message: broad
          ? `Policy line ${l.index} (\`${l.line}\`) gives ${granted === 'every permission' ? 'every permission' : granted} to everyone ("${subject}").`
          : `Policy line ${l.index} (\`${l.line}\`) makes "${subject}" an Argo CD administrator.`,
      });
    }
  },
});
