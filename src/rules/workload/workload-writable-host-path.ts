import { defineRule } from '../../engine/index.js';
import { isObject, podSpecOf } from '../../manifests/index.js';
import { hostPathVolumes } from './_lib/workload.js';

export default defineRule({
  id: 'workload-writable-host-path',
  title: 'hostPath volume mounted writable',
  severity: 'medium',
  category: 'workload',
  description:
    "A container that mounts a hostPath volume without `readOnly: true` can write to the node's filesystem: plant binaries, cron jobs or kubelet configuration, fill the node's disk, or leave files other pods on the node trust. Any hostPath is reported by the Pod Security Standards check and sensitive ones by workload-sensitive-host-path; this rule asks that a hostPath a workload truly needs is at least read-only.",
  remediation:
    'Set `readOnly: true` on the volumeMount of the hostPath volume, or replace the hostPath with an emptyDir, ConfigMap, Secret or CSI volume.',
  references: {
    'kube-linter': ['writable-host-mount'],
    kubescape: ['C-0045'],
    links: ['https://kubernetes.io/docs/concepts/storage/volumes/#hostpath'],
  },
  match: (resource) => podSpecOf(resource) !== undefined,
  check(resource, context) {
    const pod = podSpecOf(resource)!;
    const hostPaths = new Map(hostPathVolumes(pod).map((v) => [v.name, v]));
    if (hostPaths.size === 0) return;
    for (const c of pod.containers) {
      const mounts = c.container.volumeMounts;
      if (!Array.isArray(mounts)) continue;
      mounts.forEach((mount, i) => {
        if (!isObject(mount) || typeof mount.name !== 'string') return;
        const volume = hostPaths.get(mount.name);
        if (!volume || mount.readOnly === true) return;
        const mountPath = [...c.path, 'volumeMounts', i];
        const where = typeof mount.mountPath === 'string' ? ` at ${mount.mountPath}` : '';
        context.report({
          path: 'readOnly' in mount ? [...mountPath, 'readOnly'] : mountPath,
          message: `Container "${c.name}" mounts host path ${volume.normalized} (volume "${volume.name}")${where} writable.`,
          fix:
            'readOnly' in mount
              ? {
                  kind: 'replace-value',
                  description: 'Mount the host path read-only',
                  path: [...mountPath, 'readOnly'],
                  value: 'true',
                }
              : {
                  kind: 'add-field',
                  description: 'Mount the host path read-only',
                  parentPath: mountPath,
                  key: 'readOnly',
                  value: true,
                },
        });
      });
    }
  },
});
