import { defineRule } from '../../engine/index.js';
import { isObject, podSpecOf } from '../../manifests/index.js';
import { isSet, q } from './_lib/pss.js';

/**
 * check_hostPathVolumes.go (baseline, v1.0+): no hostPath volumes. Under the restricted
 * profile PSA runs restrictedVolumes instead (it overrides this check at every version).
 */
export default defineRule({
  id: 'pss-host-path-volumes',
  title: 'hostPath volumes',
  severity: 'high',
  category: 'pod-security',
  pssLevel: 'baseline',
  description:
    'A hostPath volume mounts a file or directory of the node into the pod: the container runtime socket, kubelet credentials or /etc are one line away, which usually means node takeover. The baseline profile forbids hostPath volumes.',
  remediation:
    'Replace the hostPath volume by an emptyDir, a ConfigMap, a Secret or a PersistentVolumeClaim.',
  references: {
    pss: ['baseline:hostPathVolumes'],
    polaris: ['hostPathSet'],
    'kube-linter': ['sensitive-host-mounts'],
    trivy: ['KSV-0023'],
    kubescape: ['C-0048'],
    links: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
  },
  match: (resource) => podSpecOf(resource) !== undefined,
  check(resource, context) {
    // Under the restricted profile pss-restricted-volumes reports hostPath volumes.
    if (context.options.profile === 'restricted') return;
    const pod = podSpecOf(resource)!;
    if (!Array.isArray(pod.spec.volumes)) return;
    pod.spec.volumes.forEach((volume, index) => {
      if (!isObject(volume) || !isSet(volume.hostPath)) return;
      const name = typeof volume.name === 'string' ? volume.name : `#${index}`;
      const hostPath =
        isObject(volume.hostPath) && typeof volume.hostPath.path === 'string'
          ? ` (${q(volume.hostPath.path)})`
          : '';
      context.report({
        path: [...pod.path, 'volumes', index, 'hostPath'],
        message: `Volume ${q(name)} mounts a hostPath${hostPath} from the node.`,
      });
    });
  },
});
