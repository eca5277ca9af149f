import { defineRule } from '../../engine/index.js';
import { podSpecOf } from '../../manifests/index.js';

export default defineRule({
  id: 'workload-default-service-account',
  title: 'Pod runs as the default service account',
  severity: 'low',
  category: 'workload',
  description:
    'Every pod of a namespace that names no service account shares its `default` ServiceAccount: any permission granted to it for one workload is granted to all of them, and nobody can tell from RBAC which workload needs what. A `serviceAccountName` that is missing or `default` is reported.',
  remediation:
    'Create a ServiceAccount for the workload (with `automountServiceAccountToken: false` unless it calls the API) and set `serviceAccountName` to it.',
  references: {
    'kube-linter': ['default-service-account'],
    links: ['https://kubernetes.io/docs/concepts/security/service-accounts/#default-service-accounts'],
  },
  match: (resource) => podSpecOf(resource) !== undefined,
  check(resource, context) {
    const pod = podSpecOf(resource)!;
    const name = pod.spec.serviceAccountName;
    if (typeof name === 'string' && name.trim() !== '') {
      if (name.trim() === 'default') {
        context.report({
          path: [...pod.path, 'serviceAccountName'],
          message: 'The pod runs as the namespace\'s "default" service account.',
        });
      }
      return;
    }
    const legacy = pod.spec.serviceAccount;
    if (typeof legacy === 'string' && legacy.trim() !== '') {
      if (legacy.trim() === 'default') {
        context.report({
          path: [...pod.path, 'serviceAccount'],
          message: 'The pod runs as the namespace\'s "default" service account.',
        });
      }
      return;
    }
    context.report({
      path: [...pod.path, 'serviceAccountName'],
      message:
        'The pod sets no serviceAccountName, so it runs as the namespace\'s "default" service account.',
      missing: true,
    });
  },
});
