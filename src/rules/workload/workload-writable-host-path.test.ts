import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import { hardenedCase } from './__fixtures__/hardened.js';
import rule from './workload-writable-host-path.js';

runRuleTests(rule, {
  valid: [
    hardenedCase,
    {
      name: 'read-only hostPath, writable emptyDir, unmounted hostPath, odd mounts',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: app
      volumeMounts:
        - {name: logs, mountPath: /var/log/host, readOnly: true}
        - {name: scratch, mountPath: /tmp}
        - "logs"
        - {mountPath: /x}
  volumes:
    - name: logs
      hostPath: {path: /var/log}
    - name: scratch
      emptyDir: {}
    - name: unused
      hostPath: {path: /data}
`,
    },
  ],
  invalid: [
    {
      name: 'writable by default and readOnly false, in a DaemonSet init container too',
      yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: d}
spec:
  template:
    spec:
      initContainers:
        - name: setup
          volumeMounts:
            - name: data
              mountPath: /host
      containers:
        - name: agent
          volumeMounts:
            - {name: data, mountPath: /data, readOnly: false}
      volumes:
        - name: data
          hostPath: {path: /opt/agent/}
`,
      errors: [
        {
          line: 10,
          severity: 'medium',
          message: 'Container "setup" mounts host path /opt/agent (volume "data") at /host writable',
        },
        { line: 15, message: 'Container "agent" mounts host path /opt/agent' },
      ],
      output: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: d}
spec:
  template:
    spec:
      initContainers:
        - name: setup
          volumeMounts:
            - name: data
              readOnly: true
              mountPath: /host
      containers:
        - name: agent
          volumeMounts:
            - {name: data, mountPath: /data, readOnly: true}
      volumes:
        - name: data
          hostPath: {path: /opt/agent/}
`,
    },
  ],
});
