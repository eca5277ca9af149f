import { defineRule } from '../../engine/index.js';
import { isObject, podSpecOf } from '../../manifests/index.js';
import { atLeast, podSecurityContext, podScPath, q } from './_lib/pss.js';

const SYSCTLS_1_0 = [
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
];
const SYSCTLS_1_27 = ['net.ipv4.ip_local_reserved_ports'];
const SYSCTLS_1_29 = [
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
];
const SYSCTLS_1_32 = ['net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem'];
const SYSCTLS_1_37 = ['net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat'];

/** The safe sysctls of check_sysctls.go at a policy version (v1.0, v1.27, v1.29, v1.32, v1.37). */
function allowedSysctls(minorAtLeast: (minor: number) => boolean): Set<string> {
  return new Set([
    ...SYSCTLS_1_0,
    ...(minorAtLeast(27) ? SYSCTLS_1_27 : []),
    ...(minorAtLeast(29) ? SYSCTLS_1_29 : []),
    ...(minorAtLeast(32) ? SYSCTLS_1_32 : []),
    ...(minorAtLeast(37) ? SYSCTLS_1_37 : []),
  ]);
}

/** check_sysctls.go (baseline): only the namespaced, isolated "safe" sysctls of the policy version. */
export default defineRule({
  id: 'pss-sysctls',
  title: 'Unsafe sysctls',
  severity: 'medium',
  category: 'pod-security',
  pssLevel: 'baseline',
  description:
    'Sysctls outside the safe set can disable security mechanisms or change kernel settings shared by every pod of the node. The baseline profile allows only the safe set: kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.tcp_syncookies, net.ipv4.ping_group_range and net.ipv4.ip_unprivileged_port_start, plus net.ipv4.ip_local_reserved_ports from v1.27, net.ipv4.tcp_keepalive_time, tcp_fin_timeout, tcp_keepalive_intvl and tcp_keepalive_probes from v1.29, net.ipv4.tcp_rmem and tcp_wmem from v1.32, and net.ipv4.tcp_slow_start_after_idle and tcp_notsent_lowat from v1.37.',
  remediation: 'Remove the sysctl from `spec.securityContext.sysctls`, or set it on the nodes instead.',
  references: {
    pss: ['baseline:sysctls'],
    trivy: ['KSV-0026'],
    links: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      'https://kubernetes.io/docs/tasks/administer-cluster/sysctl-cluster/',
    ],
  },
  match: (resource) => podSpecOf(resource) !== undefined,
  check(resource, context) {
    const pod = podSpecOf(resource)!;
    const sysctls = podSecurityContext(pod)?.sysctls;
    if (!Array.isArray(sysctls)) return;
    const allowed = allowedSysctls((minor) => atLeast(context, minor));
    sysctls.forEach((sysctl, index) => {
      if (!isObject(sysctl)) return;
      const name = typeof sysctl.name === 'string' ? sysctl.name : '';
      if (allowed.has(name)) return;
      context.report({
        path: podScPath(pod, 'sysctls', index, 'name'),
        message: `The pod sets the unsafe sysctl ${q(name)}.`,
        key: String(index),
      });
    });
  },
});
