import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import { hardenedCase } from './__fixtures__/hardened.js';
import rule from './workload-container-runtime-socket.js';

runRuleTests(rule, {
  valid: [
    hardenedCase,
    {
      name: 'other host paths and odd volumes',
      yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: ds}
spec:
  template:
    spec:
      containers: [{name: agent}]
      volumes:
        - name: logs
          hostPath: {path: /var/log/pods}
        - name: sockets-of-my-app
          hostPath: {path: /var/run/my-app}
        - name: odd
          hostPath: {path: 42}
        - "not a volume"
        - name: empty
          hostPath: {}
`,
    },
  ],
  invalid: [
    {
      name: 'docker, containerd, CRI-O, podman sockets and /var/run',
      yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: ds}
spec:
  template:
    spec:
      containers: [{name: agent}]
      volumes:
        - name: docker
          hostPath: {path: /var/run/docker.sock, type: Socket}
        - name: containerd
          hostPath:
            path: /run/containerd/containerd.sock
        - name: crio
          hostPath: {path: /var/run/crio/crio.sock}
        - name: run
          hostPath: {path: /var/run/}
        - name: podman
          hostPath: {path: //run/user/1000/podman/podman.sock}
        - name: k3s
          hostPath: {path: /run/k3s/containerd}
`,
      errors: [
        {
          line: 10,
          message: 'Volume "docker" mounts the container runtime socket path /var/run/docker.sock',
          severity: 'high',
        },
        { line: 13, message: '/run/containerd/containerd.sock' },
        { line: 15, message: 'crio.sock' },
        { line: 17, message: 'path /var/run from' },
        { line: 19, message: '/run/user/1000/podman/podman.sock' },
        { line: 21, message: '/run/k3s/containerd' },
      ],
    },
  ],
});
