import { defineRule } from '../../engine/index.js';
import { ARGOCD_USERS_DOCS, configMapData, isTrue } from './_lib/argocd.js';

export default defineRule({
  id: 'argocd-anonymous-access',
  title: 'Argo CD anonymous access enabled',
  severity: 'high',
  category: 'argocd',
  description:
    'With `users.anonymous.enabled: "true"` in argocd-cm, anyone who can reach the Argo CD API or UI is logged in without credentials and gets the permissions of `policy.default` in argocd-rbac-cm: at least the list of applications, repositories and clusters, at worst everything.',
  remediation: 'Remove `users.anonymous.enabled` from argocd-cm or set it to `"false"`.',
  references: {
    links: [ARGOCD_USERS_DOCS, 'https://argo-cd.readthedocs.io/en/stable/operator-manual/argocd-cm-yaml/'],
  },
  match: (r) => configMapData(r, 'argocd-cm') !== undefined,
  check(resource, context) {
    const data = configMapData(resource, 'argocd-cm')!;
    if (isTrue(data['users.anonymous.enabled'])) {
      context.report({
        path: ['data', 'users.anonymous.enabled'],
        message: 'Anonymous users are logged in to Argo CD without credentials.',
        fix: {
          kind: 'replace-value',
          description: 'Disable anonymous access',
          path: ['data', 'users.anonymous.enabled'],
          value: '"false"',
        },
      });
    }
  },
});
