import { defineRule } from '../../engine/index.js';
import { isObject, podSpecOf } from '../../manifests/index.js';
import {
  BASELINE_CAPABILITIES,
  label,
  overriddenUnderRestricted,
  q,
  scPath,
  securityContextOf,
} from './_lib/pss.js';

/**
 * check_capabilities_baseline.go (baseline, v1.0+): capabilities.add may only hold the
 * default set. Overridden by capabilities_restricted under the restricted profile from v1.22.
 */
export default defineRule({
  id: 'pss-capabilities-baseline',
  title: 'Non-default capabilities',
  severity: 'high',
  category: 'pod-security',
  pssLevel: 'baseline',
  description:
    'Capabilities beyond the container runtime default set (such as SYS_ADMIN, NET_ADMIN, NET_RAW or SYS_PTRACE) give a container powers over the kernel and the node. The baseline profile only allows adding AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID and SYS_CHROOT.',
  remediation:
    'Remove the capability from `securityContext.capabilities.add`; keep only capabilities of the default set.',
  references: {
    pss: ['baseline:capabilities_baseline'],
    polaris: ['dangerousCapabilities'],
    checkov: ['CKV_K8S_39'],
    trivy: ['KSV-0005', 'KSV-0119', 'KSV-0120'],
    links: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
  },
  match: (resource) => podSpecOf(resource) !== undefined,
  check(resource, context) {
    // Under the restricted profile pss-capabilities-restricted judges capabilities instead.
    if (overriddenUnderRestricted(context, 22)) return;
    const pod = podSpecOf(resource)!;
    for (const c of pod.containers) {
      const capabilities = securityContextOf(c)?.capabilities;
      if (!isObject(capabilities) || !Array.isArray(capabilities.add)) continue;
      capabilities.add.forEach((capability, index) => {
        if (typeof capability !== 'string' || BASELINE_CAPABILITIES.has(capability)) return;
        context.report({
          path: scPath(c, 'capabilities', 'add', index),
          message: `${label(c)} adds the non-default capability ${q(capability)}.`,
          key: String(index),
        });
      });
    }
  },
});
