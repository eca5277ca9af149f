import { defineRule } from '../../engine/index.js';
import { isObject } from '../../manifests/index.js';
import { ARGOCD_PROJECTS_DOCS, isArgoKind, str } from './_lib/argocd.js';

const isWildcard = (v: string | undefined): boolean => v !== undefined && /^\*+$/.test(v);

export default defineRule({
  id: 'argocd-project-wildcard-cluster-resources',
  title: 'AppProject allows any cluster-scoped resource',
  severity: 'high',
  category: 'argocd',
  description:
    'A `clusterResourceWhitelist` entry with `kind: "*"` lets the project\'s Applications create any cluster-scoped resource: ClusterRoles and ClusterRoleBindings (cluster-admin for anyone), CRDs, admission webhooks, Namespaces. `group: "*"` with a named kind is narrower but still admits that kind from every API group.',
  remediation:
    'List only the cluster-scoped kinds the project needs (for example `{group: "", kind: Namespace}`) in `spec.clusterResourceWhitelist`.',
  references: { links: [ARGOCD_PROJECTS_DOCS] },
  match: (r) => isArgoKind(r, 'AppProject'),
  check(resource, context) {
    const spec = resource.object.spec;
    if (!isObject(spec) || !Array.isArray(spec.clusterResourceWhitelist)) return;
    spec.clusterResourceWhitelist.forEach((entry, i) => {
      if (!isObject(entry)) return;
      const group = str(entry.group);
      const kind = str(entry.kind);
      if (isWildcard(kind)) {
        context.report({
          path: ['spec', 'clusterResourceWhitelist', i, 'kind'],
          message: `AppProject "${resource.name}" allows every cluster-scoped kind${isWildcard(group) ? ' of every API group' : ` of group "${group ?? ''}"`}.`,
        });
      } else if (isWildcard(group)) {
        context.report({
          path: ['spec', 'clusterResourceWhitelist', i, 'group'],
          severity: 'medium',
          message: `AppProject "${resource.name}" allows cluster-scoped kind "${kind ?? ''}" from every API group.`,
        });
      }
    });
  },
});
