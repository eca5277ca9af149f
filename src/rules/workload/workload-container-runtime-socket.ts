import { defineRule } from '../../engine/index.js';
import { podSpecOf } from '../../manifests/index.js';
import { hostPathVolumes } from './_lib/workload.js';

/** Socket files of Docker, containerd, CRI-O, cri-dockerd, dockershim and Podman, wherever they live. */
const SOCKET_FILE = /(^|\/)(docker|containerd|crio|cri-dockerd|dockershim|podman|frakti|rktlet)\.sock$/;

/** Directories whose mount exposes a runtime socket (k3s, RKE2 and MicroK8s use their own). */
const SOCKET_DIRS = new Set([
  '/run',
  '/var/run',
  '/run/docker',
  '/var/run/docker',
  '/run/containerd',
  '/var/run/containerd',
  '/run/crio',
  '/var/run/crio',
  '/run/cri-dockerd',
  '/var/run/cri-dockerd',
  '/run/podman',
  '/var/run/podman',
  '/run/dockershim',
  '/var/run/dockershim',
  '/run/k3s/containerd',
  '/var/snap/microk8s/common/run',
]);

export function runtimeSocketOf(normalized: string): boolean {
  if (SOCKET_FILE.test(normalized)) return true;
  if (SOCKET_DIRS.has(normalized)) return true;
  return /^\/run\/user\/\d+\/podman$/.test(normalized);
}

export default defineRule({
  id: 'workload-container-runtime-socket',
  title: 'Container runtime socket mounted',
  severity: 'high',
  category: 'workload',
  description:
    'A container that reaches the Docker, containerd, CRI-O or Podman socket can start a privileged container on the node and take it over; mounting the socket read-only does not help. The rule reports hostPath volumes of the socket files (`docker.sock`, `containerd.sock`, `crio.sock`, `cri-dockerd.sock`, `dockershim.sock`, `podman.sock`) and of the directories that hold them (`/var/run`, `/run`, `/run/containerd`, `/var/run/crio`, ...).',
  remediation:
    'Remove the hostPath volume; build images with a rootless builder (BuildKit rootless, Kaniko) and read container metadata from the Kubernetes API instead.',
  references: {
    'kube-linter': ['docker-sock'],
    checkov: ['CKV_K8S_27'],
    trivy: ['KSV-0006'],
    kubescape: ['C-0074'],
    links: ['https://kubernetes.io/docs/concepts/storage/volumes/#hostpath'],
  },
  match: (resource) => podSpecOf(resource) !== undefined,
  check(resource, context) {
    const pod = podSpecOf(resource)!;
    for (const v of hostPathVolumes(pod)) {
      if (!runtimeSocketOf(v.normalized)) continue;
      context.report({
        path: v.pathInResource,
        message: `Volume "${v.name}" mounts the container runtime socket path ${v.normalized} from the node.`,
      });
    }
  },
});
