import { defineRule } from '../../engine/index.js';
import { podSpecOf } from '../../manifests/index.js';
import { containerPorts } from './_lib/workload.js';

export default defineRule({
  id: 'workload-ssh-port',
  title: 'SSH port exposed',
  severity: 'medium',
  category: 'workload',
  description:
    'A container that declares TCP port 22 most likely runs an SSH server: a long-lived way into the pod that bypasses Kubernetes RBAC and audit logging (`kubectl exec`), and a target for password guessing.',
  remediation:
    'Remove the SSH server and use `kubectl exec` or `kubectl debug`; if the port serves something else, move it off 22.',
  references: {
    'kube-linter': ['ssh-port'],
    kubescape: ['C-0042'],
    links: ['https://kubernetes.io/docs/tasks/debug/debug-application/debug-running-pod/'],
  },
  match: (resource) => podSpecOf(resource) !== undefined,
  check(resource, context) {
    for (const { container, port, path } of containerPorts(podSpecOf(resource)!)) {
      const number = typeof port.containerPort === 'string' ? Number(port.containerPort) : port.containerPort;
      const protocol = port.protocol ?? 'TCP';
      if (number !== 22 || (typeof protocol === 'string' && protocol.toUpperCase() !== 'TCP')) continue;
      context.report({ path, message: `Container "${container.name}" exposes port 22 (SSH).` });
    }
  },
});
