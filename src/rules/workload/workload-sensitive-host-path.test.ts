import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import { hardenedCase } from './__fixtures__/hardened.js';
import rule from './workload-sensitive-host-path.js';

runRuleTests(rule, {
  valid: [
    hardenedCase,
    {
      name: 'harmless host paths; sockets are another rule',
      yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: ds}
spec:
  template:
    spec:
      containers: [{name: agent}]
      volumes:
        - name: certs
          hostPath: {path: /etc/ssl/certs}
        - name: tz
          hostPath: {path: /etc/localtime}
        - name: data
          hostPath: {path: /mnt/data}
        - name: cni
          hostPath: {path: /opt/cni/bin}
        - name: docker
          hostPath: {path: /var/run/docker.sock}
`,
    },
  ],
  invalid: [
    {
      name: 'root, system directories and credential stores',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers: [{name: app}]
  volumes:
    - {name: root, hostPath: {path: /}}
    - {name: etc, hostPath: {path: /etc/}}
    - {name: proc, hostPath: {path: /proc}}
    - {name: kubelet, hostPath: {path: /var/lib/kubelet/pods}}
    - {name: pki, hostPath: {path: /etc/kubernetes/pki}}
    - {name: logs, hostPath: {path: /var/log}}
    - {name: home, hostPath: {path: /home/alice/.ssh}}
    - {name: docker, hostPath: {path: /var/lib/docker}}
    - {name: sneaky, hostPath: {path: /tmp/../etc}}
`,
      errors: [
        {
          line: 7,
          message: 'Volume "root" mounts the sensitive host path / from the node',
          severity: 'high',
        },
        { line: 8, message: '/etc from' },
        { line: 9, message: '/proc' },
        { line: 10, message: '/var/lib/kubelet/pods' },
        { line: 11, message: '/etc/kubernetes/pki' },
        { line: 12, message: '/var/log' },
        { line: 13, message: '/home/alice/.ssh' },
        { line: 14, message: '/var/lib/docker' },
        { line: 15, message: 'Volume "sneaky" mounts the sensitive host path /etc' },
      ],
    },
  ],
});
