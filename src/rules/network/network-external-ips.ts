import { defineRule } from '../../engine/index.js';
import { getIn } from '../../manifests/index.js';

export default defineRule({
  id: 'network-external-ips',
  title: 'Service with externalIPs',
  severity: 'high',
  category: 'network',
  description:
    'Kubernetes does not check who owns the addresses in `spec.externalIPs`: anyone who can create a Service can claim an IP and intercept the traffic cluster nodes send to it (CVE-2020-8554, man-in-the-middle). Clusters should block the field with the DenyServiceExternalIPs admission plugin or a policy engine, and manifests should not need it.',
  remediation:
    'Remove `spec.externalIPs`; expose the Service with a LoadBalancer, an Ingress or a Gateway instead.',
  references: {
    links: [
      'https://github.com/kubernetes/kubernetes/issues/97076',
      'https://kubernetes.io/docs/concepts/services-networking/service/#external-ips',
    ],
  },
  match: (resource) => resource.kind === 'Service' && resource.group === '',
  check(resource, context) {
    const ips = getIn(resource.object, ['spec', 'externalIPs']);
    if (!Array.isArray(ips) || ips.length === 0) return;
    context.report({
      path: ['spec', 'externalIPs'],
      message: `Service ${resource.name} sets externalIPs (${ips.filter((ip) => typeof ip === 'string').join(', ') || 'invalid values'}), which any Service can claim (CVE-2020-8554).`,
    });
  },
});
