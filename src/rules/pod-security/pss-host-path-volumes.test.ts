import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './pss-host-path-volumes.js';

const baseline = { profile: 'baseline' as const };

runRuleTests(rule, {
  valid: [
    {
      name: 'no hostPath volume',
      options: baseline,
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers: [{name: app}]
  volumes:
    - name: data
      emptyDir: {}
    - name: odd
      hostPath: null
    - 7
`,
    },
    {
      name: 'restricted profile: restrictedVolumes reports it instead',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers: [{name: app}]
  volumes:
    - name: sock
      hostPath: {path: /var/run/docker.sock}
`,
    },
  ],
  invalid: [
    {
      name: 'hostPath volume in a Job',
      options: baseline,
      yaml: `apiVersion: batch/v1
kind: Job
metadata: {name: j}
spec:
  template:
    spec:
      containers: [{name: app}]
      volumes:
        - name: data
          emptyDir: {}
        - name: root
          hostPath:
            path: /
`,
      errors: [{ line: 12, message: 'Volume "root" mounts a hostPath ("/")' }],
    },
  ],
});
