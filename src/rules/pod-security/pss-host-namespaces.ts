import { defineRule } from '../../engine/index.js';
import { podSpecOf } from '../../manifests/index.js';

/** check_hostNamespaces.go (baseline, v1.0+): hostNetwork, hostPID and hostIPC must be unset or false. */
export default defineRule({
  id: 'pss-host-namespaces',
  title: 'Host namespaces',
  severity: 'high',
  category: 'pod-security',
  pssLevel: 'baseline',
  description:
    "Sharing the node's network, process or IPC namespace lets a pod see and reach host services, sniff traffic, signal or inspect host processes and read shared memory. The baseline profile forbids `hostNetwork`, `hostPID` and `hostIPC`.",
  remediation: 'Remove `hostNetwork`, `hostPID` and `hostIPC` from the pod spec or set them to `false`.',
  references: {
    pss: ['baseline:hostNamespaces'],
    polaris: ['hostNetworkSet', 'hostPIDSet', 'hostIPCSet'],
    'kube-linter': ['host-network', 'host-pid', 'host-ipc'],
    checkov: ['CKV_K8S_17', 'CKV_K8S_18', 'CKV_K8S_19'],
    trivy: ['KSV-0008', 'KSV-0009', 'KSV-0010'],
    kubescape: ['C-0038', 'C-0041'],
    links: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
  },
  match: (resource) => podSpecOf(resource) !== undefined,
  check(resource, context) {
    const pod = podSpecOf(resource)!;
    for (const field of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
      if (pod.spec[field] !== true) continue;
      const path = [...pod.path, field];
      context.report({
        path,
        message: `The pod shares the host's ${field.slice(4) === 'Network' ? 'network' : field.slice(4)} namespace (${field}=true).`,
        fix: { kind: 'replace-value', description: `Set ${field} to false`, path, value: 'false' },
      });
    }
  },
});
