import { defineRule } from '../../engine/index.js';
import { getIn } from '../../manifests/index.js';

export default defineRule({
  id: 'network-node-port',
  title: 'NodePort Service',
  severity: 'low',
  category: 'network',
  description:
    'A NodePort Service opens its port on every node of the cluster, on all node addresses: whoever can reach a node reaches the pods, around the load balancer, Ingress, TLS and authentication in front of them, and node firewalls must be kept open for the whole port range.',
  remediation:
    'Use a ClusterIP Service behind an Ingress or Gateway, or an internal LoadBalancer; if a NodePort is required, restrict the node firewall to the sources that need it.',
  references: {
    'kube-linter': ['exposed-services'],
    links: ['https://kubernetes.io/docs/concepts/services-networking/service/#type-nodeport'],
  },
  match: (resource) => resource.kind === 'Service' && resource.group === '',
  check(resource, context) {
    if (getIn(resource.object, ['spec', 'type']) !== 'NodePort') return;
    context.report({
      path: ['spec', 'type'],
      message: `Service ${resource.name} is of type NodePort: it is exposed on every node.`,
    });
  },
});
