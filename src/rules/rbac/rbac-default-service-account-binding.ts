import { defineRule } from '../../engine/index.js';
import { isBinding, roleRefOf, subjectsOf } from './_lib/rbac.js';

export default defineRule({
  id: 'rbac-default-service-account-binding',
  title: 'Roles bound to the default service account',
  severity: 'medium',
  category: 'rbac',
  description:
    'Every pod that names no service account runs as `default`, so a role bound to it reaches every such pod of the namespace, present and future, including ones added later for unrelated reasons. Permissions should go to a service account made for the workload that needs them.',
  remediation:
    'Create a dedicated ServiceAccount, bind the role to it, and set `serviceAccountName` in the workload that needs it.',
  references: {
    checkov: ['CKV_K8S_42'],
    links: ['https://kubernetes.io/docs/concepts/security/service-accounts/#default-service-accounts'],
  },
  match: isBinding,
  check(resource, context) {
    const ref = roleRefOf(resource);
    for (const s of subjectsOf(resource)) {
      if (s.kind !== 'ServiceAccount' || s.name !== 'default') continue;
      const namespace = s.namespace ?? resource.namespace;
      context.report({
        path: ['subjects', s.index, 'name'],
        key: `${s.index}`,
        message: `${resource.kind} binds ${ref ? `${ref.kind || 'role'} "${ref.name}"` : 'a role'} to the default service account${namespace ? ` of namespace ${namespace}` : ''}: every pod there without its own service account gets it.`,
      });
    }
  },
});
