import { defineRule } from '../../engine/index.js';
import { podSpecOf } from '../../manifests/index.js';
import { containerPorts } from './_lib/workload.js';

export default defineRule({
  id: 'workload-privileged-port',
  title: 'Container port below 1024',
  severity: 'low',
  category: 'workload',
  description:
    'Ports below 1024 are privileged: binding one inside the container needs root or the NET_BIND_SERVICE capability, so an image that listens on 80 or 443 usually runs as root or keeps a capability the restricted profile would drop. Services can expose port 80 while the container listens on 8080.',
  remediation:
    'Make the application listen on a port of 1024 or above and map the well-known port in the Service (`port: 80`, `targetPort: 8080`).',
  references: {
    'kube-linter': ['privileged-ports'],
    links: ['https://kubernetes.io/docs/concepts/services-networking/service/#defining-a-service'],
  },
  match: (resource) => podSpecOf(resource) !== undefined,
  check(resource, context) {
    for (const { container, port, path } of containerPorts(podSpecOf(resource)!)) {
      const number =
        typeof port.containerPort === 'string' && /^\d{1,5}$/.test(port.containerPort)
          ? Number(port.containerPort)
          : port.containerPort;
      if (typeof number !== 'number' || !Number.isInteger(number) || number < 1 || number > 1023) continue;
      context.report({
        path,
        message: `Container "${container.name}" listens on privileged port ${number}.`,
      });
    }
  },
});
