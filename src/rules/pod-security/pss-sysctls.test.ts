import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './pss-sysctls.js';

const tcpRmem = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  securityContext:
    sysctls:
      - name: net.ipv4.tcp_rmem
        value: "4096 87380 16777216"
  containers:
    - name: app
`;

const tcpSlowStart = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  securityContext:
    sysctls:
      - {name: net.ipv4.tcp_slow_start_after_idle, value: "0"}
      - {name: net.ipv4.tcp_notsent_lowat, value: "16384"}
  containers:
    - name: app
`;

runRuleTests(rule, {
  valid: [
    {
      name: 'tcp_slow_start_after_idle and tcp_notsent_lowat are safe from v1.37 (latest)',
      yaml: tcpSlowStart,
    },
    {
      name: 'safe sysctls of v1.35',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  securityContext:
    sysctls:
      - {name: kernel.shm_rmid_forced, value: "1"}
      - {name: net.ipv4.ip_local_reserved_ports, value: "30000"}
      - {name: net.ipv4.tcp_keepalive_time, value: "600"}
      - {name: net.ipv4.tcp_wmem, value: "4096 16384 4194304"}
      - "odd"
  containers:
    - name: app
`,
    },
    { name: 'tcp_rmem is safe from v1.32', options: { pssVersion: { major: 1, minor: 32 } }, yaml: tcpRmem },
  ],
  invalid: [
    {
      name: 'unsafe sysctls',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  securityContext:
    sysctls:
      - name: kernel.msgmax
        value: "65536"
      - name: net.ipv4.ping_group_range
        value: "0 2147483647"
      - name: vm.swappiness
        value: "10"
  containers:
    - name: app
`,
      errors: [
        { line: 7, message: 'unsafe sysctl "kernel.msgmax"' },
        { line: 11, message: '"vm.swappiness"' },
      ],
    },
    {
      name: 'tcp_slow_start_after_idle and tcp_notsent_lowat are not safe before v1.37',
      options: { pssVersion: { major: 1, minor: 36 } },
      yaml: tcpSlowStart,
      errors: [
        { line: 7, message: '"net.ipv4.tcp_slow_start_after_idle"' },
        { line: 8, message: '"net.ipv4.tcp_notsent_lowat"' },
      ],
    },
    {
      name: 'tcp_rmem is not safe before v1.32',
      options: { pssVersion: { major: 1, minor: 31 } },
      yaml: tcpRmem,
      errors: [{ line: 7, message: '"net.ipv4.tcp_rmem"' }],
    },
    {
      name: 'ip_local_reserved_ports is not safe before v1.27',
      options: { profile: 'baseline', pssVersion: { major: 1, minor: 26 } },
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  securityContext:
    sysctls: [{name: net.ipv4.ip_local_reserved_ports, value: "30000"}, {name: net.ipv4.tcp_fin_timeout, value: "30"}]
  containers:
    - name: app
`,
      errors: [
        { line: 6, message: '"net.ipv4.ip_local_reserved_ports"' },
        { line: 6, message: '"net.ipv4.tcp_fin_timeout"' },
      ],
    },
  ],
});
