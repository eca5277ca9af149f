import { defineRule } from '../../engine/index.js';
import { isBinding, roleRefOf, subjectsOf } from './_lib/rbac.js';

export default defineRule({
  id: 'rbac-cluster-admin-binding',
  title: 'Bindings to cluster-admin',
  severity: 'critical',
  category: 'rbac',
  description:
    'The `cluster-admin` ClusterRole can do anything. Bound by a ClusterRoleBinding it controls the whole cluster; bound by a RoleBinding it controls everything in that namespace, Secrets and RBAC included. A ClusterRoleBinding to the built-in `admin` or `edit` roles also reads every Secret of every namespace.',
  remediation:
    'Bind a role with only the permissions the subject needs; keep cluster-admin for break-glass accounts outside GitOps.',
  references: {
    polaris: ['clusterrolebindingClusterAdmin', 'rolebindingClusterAdminClusterRole'],
    'kube-linter': ['cluster-admin-role-binding'],
    kubescape: ['C-0185'],
    links: ['https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles'],
  },
  match: isBinding,
  check(resource, context) {
    const ref = roleRefOf(resource);
    if (!ref || ref.kind !== 'ClusterRole') return;
    const subjects = subjectsOf(resource)
      .map((s) => `${s.kind || 'subject'} ${s.namespace ? `${s.namespace}/` : ''}${s.name}`)
      .join(', ');
    const who = subjects ? ` to ${subjects}` : '';
    if (ref.name === 'cluster-admin') {
      if (resource.kind === 'ClusterRoleBinding') {
        context.report({
          path: ['roleRef', 'name'],
          severity: 'critical',
          message: `ClusterRoleBinding grants cluster-admin on the whole cluster${who}.`,
        });
      } else {
        context.report({
          path: ['roleRef', 'name'],
          severity: 'high',
          message: `RoleBinding grants cluster-admin in namespace ${resource.namespace ?? '(default)'}${who}: full control of that namespace, its Secrets and RBAC.`,
        });
      }
    } else if ((ref.name === 'admin' || ref.name === 'edit') && resource.kind === 'ClusterRoleBinding') {
      context.report({
        path: ['roleRef', 'name'],
        severity: 'high',
        message: `ClusterRoleBinding grants the built-in "${ref.name}" role in every namespace${who}, including reading all Secrets.`,
      });
    }
  },
});
