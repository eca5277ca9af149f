import { defineRule } from '../../engine/index.js';
import { isObject } from '../../manifests/index.js';
import { ARGOCD_PROJECTS_DOCS, ARGOCD_RBAC_DOCS, csvFields, isArgoKind, str } from './_lib/argocd.js';

const isWildcard = (v: string | undefined): boolean => v !== undefined && (/^\*+$/.test(v) || v === '.*');

export default defineRule({
  id: 'argocd-project-role-wildcard-policy',
  title: 'AppProject role grants every action',
  severity: 'medium',
  category: 'argocd',
  description:
    "A project role policy such as `p, proj:x:ci, applications, *, x/*, allow` grants every action (delete, override, action runs, exec) on the project's applications to the role's groups and to every JWT token issued for it. Project tokens are often handed to CI systems, where a narrow grant like `sync` is all that is needed.",
  remediation:
    'Grant the role only the actions it needs (for example `get` and `sync`) on named resources in `spec.roles[].policies`.',
  references: { links: [ARGOCD_PROJECTS_DOCS, ARGOCD_RBAC_DOCS] },
  match: (r) => isArgoKind(r, 'AppProject'),
  check(resource, context) {
    const spec = resource.object.spec;
    if (!isObject(spec) || !Array.isArray(spec.roles)) return;
    spec.roles.forEach((role, r) => {
      if (!isObject(role) || !Array.isArray(role.policies)) return;
      const roleName = str(role.name) ?? '';
      role.policies.forEach((raw, p) => {
        const line = str(raw);
        if (!line) return;
        const fields = csvFields(line);
        if (fields[0] !== 'p' || fields.length < 5) return;
        const [, , res, action] = fields;
        const effect = (fields[5] ?? 'allow').toLowerCase();
        if (effect !== 'allow') return;
        if (isWildcard(action) || isWildcard(res)) {
          context.report({
            path: ['spec', 'roles', r, 'policies', p],
            message: `Role "${roleName}" of AppProject "${resource.name}" is allowed every ${isWildcard(res) ? 'resource' : 'action'} (\`${line}\`).`,
          });
        }
      });
    });
  },
});
