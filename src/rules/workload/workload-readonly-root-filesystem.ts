import { defineRule } from '../../engine/index.js';
import { isObject, podSpecOf } from '../../manifests/index.js';
import { runtimeContainers } from './_lib/workload.js';

export default defineRule({
  id: 'workload-readonly-root-filesystem',
  title: 'Writable root filesystem',
  severity: 'medium',
  category: 'workload',
  description:
    'A writable root filesystem lets an attacker who gets code execution drop tools, change binaries or configuration and persist inside the container. Containers and init containers are checked; the pod securityContext has no such field, so nothing is inherited.',
  remediation:
    'Set `securityContext.readOnlyRootFilesystem: true` on every container and mount an `emptyDir` where the application must write (for example `/tmp`).',
  references: {
    polaris: ['notReadOnlyRootFilesystem'],
    'kube-linter': ['no-read-only-root-fs'],
    checkov: ['CKV_K8S_22'],
    trivy: ['KSV-0014'],
    kubescape: ['C-0017'],
    links: ['https://kubernetes.io/docs/tasks/configure-pod-container/security-context/'],
  },
  match: (resource) => podSpecOf(resource) !== undefined,
  check(resource, context) {
    const pod = podSpecOf(resource)!;
    for (const c of runtimeContainers(pod)) {
      const sc = c.container.securityContext;
      const value = isObject(sc) ? sc.readOnlyRootFilesystem : undefined;
      if (value === true) continue;
      const who = `${c.kind === 'initContainers' ? 'Init container' : 'Container'} "${c.name}"`;
      const path = [...c.path, 'securityContext', 'readOnlyRootFilesystem'];
      if (value !== undefined && value !== null) {
        context.report({
          path,
          message: `${who} has a writable root filesystem (readOnlyRootFilesystem is not true).`,
          fix: {
            kind: 'replace-value',
            description: 'Make the root filesystem read-only',
            path,
            value: 'true',
          },
        });
      } else {
        context.report({
          path,
          message: `${who} does not set readOnlyRootFilesystem: its root filesystem is writable.`,
          missing: true,
          // A securityContext that is there but no mapping (null, a string) has no safe edit: adding one would duplicate the key.
          fix: isObject(sc)
            ? {
                kind: 'add-field',
                description: 'Make the root filesystem read-only',
                parentPath: [...c.path, 'securityContext'],
                key: 'readOnlyRootFilesystem',
                value: true,
              }
            : sc === undefined
              ? {
                  kind: 'add-field',
                  description: 'Make the root filesystem read-only',
                  parentPath: c.path,
                  key: 'securityContext',
                  value: { readOnlyRootFilesystem: true },
                }
              : undefined,
        });
      }
    }
  },
});
