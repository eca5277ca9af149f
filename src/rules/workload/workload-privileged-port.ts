import { defineRule } from '../../engine/index.js';
import { isObject, podSpecOf } from '../../manifests/index.js';

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
    const pod = podSpecOf(resource)!;
    for (const c of pod.containers) {
      const ports = c.container.ports;
      if (!Array.isArray(ports)) continue;
      ports.forEach((port, i) => {
        if (!isObject(port)) return;
        const number =
          typeof port.containerPort === 'string' && /^\d{1,5}$/.test(port.containerPort)
            ? Number(port.containerPort)
            : port.containerPort;
        if (typeof number !== 'number' || !Number.isInteger(number) || number < 1 || number > 1023) return;
        context.report({
          path: [...c.path, 'ports', i, 'containerPort'],
          message: `Container "${c.name}" listens on privileged port ${number}.`,
        });
      });
    }
  },
});
