import { defineRule } from '../../engine/index.js';
import { isObject, podSpecOf } from '../../manifests/index.js';
import { label } from './_lib/pss.js';

/** check_hostPorts.go (baseline, v1.0+): ports[*].hostPort must be unset or 0 on every container. */
export default defineRule({
  id: 'pss-host-ports',
  title: 'Host ports',
  severity: 'medium',
  category: 'pod-security',
  pssLevel: 'baseline',
  description:
    "A hostPort binds a port of the node's network interfaces to the container: it bypasses network policies and Services, limits scheduling and can shadow node services. The baseline profile forbids host ports.",
  remediation: 'Remove `hostPort` (or set it to 0) and expose the container through a Service.',
  references: {
    pss: ['baseline:hostPorts'],
    polaris: ['hostPortSet'],
    checkov: ['CKV_K8S_26'],
    trivy: ['KSV-0024'],
    kubescape: ['C-0044'],
    links: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
  },
  match: (resource) => podSpecOf(resource) !== undefined,
  check(resource, context) {
    const pod = podSpecOf(resource)!;
    for (const c of pod.containers) {
      if (!Array.isArray(c.container.ports)) continue;
      c.container.ports.forEach((port, index) => {
        if (!isObject(port) || typeof port.hostPort !== 'number' || port.hostPort === 0) return;
        context.report({
          path: [...c.path, 'ports', index, 'hostPort'],
          message: `${label(c)} uses hostPort ${port.hostPort}.`,
        });
      });
    }
  },
});
