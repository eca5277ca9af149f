import { isObject } from '../../manifests/index.js';
import { isKind, objectsAt, str } from './_lib.js';
import { defineDelta } from './types.js';

const RBAC = 'rbac.authorization.k8s.io';

function subjectId(s: Record<string, unknown>, defaultNamespace: string | undefined): string {
  const kind = str(s.kind);
  const namespace = kind === 'ServiceAccount' ? str(s.namespace) || defaultNamespace || '' : '';
  return `${kind}:${namespace ? `${namespace}/` : ''}${str(s.name)}`;
}

function roleRefOf(object: Record<string, unknown>): string {
  const ref = isObject(object.roleRef) ? object.roleRef : {};
  return `${str(ref.kind)} ${str(ref.name)}`;
}

export default defineDelta({
  id: 'delta-rbac-subjects-added',
  title: 'New subjects bound to a role',
  severity: 'medium',
  category: 'rbac',
  description:
    'The change adds users, groups or service accounts to an existing RoleBinding or ClusterRoleBinding, or points it at another role. The binding passes every rule on its own, but new identities now hold the role: a common way to grant cluster-wide rights in a small-looking diff.',
  remediation: 'Check that each new subject needs the role; for a group, check who is in it.',
  references: {
    links: [
      'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#rolebinding-and-clusterrolebinding',
    ],
  },
  match: (r) => isKind(r, RBAC, ['RoleBinding', 'ClusterRoleBinding']),
  compare(base, head, context) {
    if (!base || !head) return;
    const before = new Set(
      objectsAt(base.object, ['subjects']).map(({ item }) => subjectId(item, base.namespace)),
    );
    const role = roleRefOf(head.object);
    for (const { item, index } of objectsAt(head.object, ['subjects'])) {
      const id = subjectId(item, head.namespace);
      if (before.has(id)) continue;
      context.report({
        path: ['subjects', index],
        message: `${head.kind} ${head.name} now binds ${id} to ${role}.`,
        key: id,
        ...(str(item.name) === 'system:authenticated' ||
        str(item.name) === 'system:anonymous' ||
        str(item.name) === 'system:unauthenticated'
          ? { severity: 'high' as const }
          : {}),
      });
    }
    const baseRole = roleRefOf(base.object);
    if (baseRole !== role)
      context.report({
        path: ['roleRef'],
        message: `${head.kind} ${head.name} now binds its subjects to ${role} instead of ${baseRole}.`,
        key: role,
      });
  },
});
