import { defineRule } from '../../engine/index.js';
import { isObject } from '../../manifests/index.js';
import { ARGOCD_PROJECTS_DOCS, isArgoKind, str } from './_lib/argocd.js';

const isWildcard = (v: string | undefined): boolean => v !== undefined && /^\*+$/.test(v);

export default defineRule({
  id: 'argocd-project-wildcard-destination',
  title: 'AppProject allows any destination cluster or namespace',
  severity: 'high',
  category: 'argocd',
  description:
    'An AppProject destination with `server: "*"`, `name: "*"` or `namespace: "*"` lets the project\'s Applications deploy to every cluster Argo CD knows, or to every namespace including `kube-system` and Argo CD\'s own. A tenant project then reaches far beyond its own namespaces.',
  remediation:
    'List the clusters and namespaces (or a prefix such as `team-a-*`) the project may deploy to in `spec.destinations`.',
  references: { links: [ARGOCD_PROJECTS_DOCS] },
  match: (r) => isArgoKind(r, 'AppProject'),
  check(resource, context) {
    const spec = resource.object.spec;
    if (!isObject(spec) || !Array.isArray(spec.destinations)) return;
    spec.destinations.forEach((d, i) => {
      if (!isObject(d)) return;
      for (const field of ['server', 'name'] as const) {
        if (isWildcard(str(d[field]))) {
          context.report({
            path: ['spec', 'destinations', i, field],
            message: `AppProject "${resource.name}" allows any destination cluster (\`${field}: "*"\`).`,
          });
        }
      }
      if (isWildcard(str(d.namespace))) {
        context.report({
          path: ['spec', 'destinations', i, 'namespace'],
          message: `AppProject "${resource.name}" allows any destination namespace, kube-system included.`,
        });
      }
    });
  },
});
