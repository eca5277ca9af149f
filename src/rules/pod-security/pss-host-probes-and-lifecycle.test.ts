import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './pss-host-probes-and-lifecycle.js';

const withHost = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: app
      livenessProbe:
        httpGet:
          host: 169.254.169.254
          port: 80
      readinessProbe:
        tcpSocket: {host: "", port: 80}
      lifecycle:
        preStop:
          httpGet: {host: localhost, port: 8080, path: /stop}
`;

runRuleTests(rule, {
  valid: [
    {
      name: 'probes without host',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: app
      startupProbe:
        httpGet: {port: 80, path: /healthz}
      livenessProbe:
        exec: {command: [true]}
      lifecycle: "odd"
    - name: odd
      readinessProbe: [1]
`,
    },
    {
      name: 'the check only exists from v1.34',
      options: { pssVersion: { major: 1, minor: 33 } },
      yaml: withHost,
    },
  ],
  invalid: [
    {
      name: 'host in a probe and a lifecycle hook',
      yaml: withHost,
      errors: [
        { line: 9, message: 'Container "app" sets livenessProbe.httpGet.host to "169.254.169.254"' },
        { line: 15, message: 'lifecycle.preStop.httpGet.host to "localhost"' },
      ],
    },
    {
      name: 'tcpSocket host in an init container postStart, baseline v1.34',
      options: { profile: 'baseline', pssVersion: { major: 1, minor: 34 } },
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers:
    - name: init
      lifecycle:
        postStart:
          tcpSocket:
            host: db.internal
            port: 5432
  containers:
    - name: app
`,
      errors: [{ line: 10, message: 'Init container "init" sets lifecycle.postStart.tcpSocket.host' }],
    },
  ],
});
