import { defineRule } from '../../engine/index.js';
import { podSpecOf } from '../../manifests/index.js';
import { hostPathVolumes, isUnder } from './_lib/workload.js';
import { runtimeSocketOf } from './workload-container-runtime-socket.js';

/** Reported when mounted exactly: system directories (their subdirectories are often harmless, like `/etc/ssl/certs`). */
const EXACT = new Set([
  '/',
  '/bin',
  '/boot',
  '/dev',
  '/etc',
  '/home',
  '/lib',
  '/lib64',
  '/opt',
  '/proc',
  '/root',
  '/sbin',
  '/sys',
  '/usr',
  '/var',
  '/var/lib',
  '/var/log',
]);

/** Reported for the directory and anything below it: credentials, kernel interfaces, other pods' data. */
const SUBTREES = [
  '/boot',
  '/proc',
  '/root',
  '/home',
  '/etc/kubernetes',
  '/etc/shadow',
  '/etc/sudoers',
  '/etc/sudoers.d',
  '/etc/ssh',
  '/etc/cni',
  '/etc/containerd',
  '/etc/crio',
  '/etc/docker',
  '/var/lib/kubelet',
  '/var/lib/docker',
  '/var/lib/containerd',
  '/var/lib/containers',
  '/var/lib/etcd',
  '/var/lib/rancher',
  '/var/log',
  '/sys/kernel',
  '/sys/firmware',
];

function sensitiveHostPath(normalized: string): boolean {
  if (EXACT.has(normalized)) return true;
  return SUBTREES.some((dir) => isUnder(normalized, dir));
}

export default defineRule({
  id: 'workload-sensitive-host-path',
  title: 'Sensitive host path mounted',
  severity: 'high',
  category: 'workload',
  description:
    "A hostPath volume of a system directory gives the container the node's files: `/etc` and `/root` hold credentials, `/proc`, `/sys` and `/dev` reach the kernel and devices, `/var/lib/kubelet` holds the tokens and secrets of every pod on the node, `/var/lib/docker` and `/var/lib/containerd` their filesystems, and a writable `/var/log` has been used to read any file of the node through symlinks. Reported: the root and system directories themselves, and anything below the credential-bearing ones. Container runtime sockets are reported by workload-container-runtime-socket; every hostPath is reported by the Pod Security Standards check.",
  remediation:
    'Remove the hostPath volume; use a ConfigMap, Secret, projected or CSI volume, or a narrowly scoped read-only path when a node agent truly needs one.',
  references: {
    'kube-linter': ['sensitive-host-mounts'],
    trivy: ['KSV-0121'],
    links: ['https://kubernetes.io/docs/concepts/storage/volumes/#hostpath'],
  },
  match: (resource) => podSpecOf(resource) !== undefined,
  check(resource, context) {
    const pod = podSpecOf(resource)!;
    for (const v of hostPathVolumes(pod)) {
      if (runtimeSocketOf(v.normalized) || !sensitiveHostPath(v.normalized)) continue;
      context.report({
        path: v.pathInResource,
        message: `Volume "${v.name}" mounts the sensitive host path ${v.normalized} from the node.`,
      });
    }
  },
});
