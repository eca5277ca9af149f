import { defineRule } from '../../engine/index.js';
import { isObject, podSpecOf } from '../../manifests/index.js';
import {
  atLeast,
  BASELINE_CAPABILITIES,
  isWindowsPod,
  label,
  q,
  scPath,
  securityContextOf,
} from './_lib/pss.js';

/**
 * check_capabilities_restricted.go (restricted, v1.22 and v1.25; overrides
 * capabilities_baseline): every container must drop ALL and may only add NET_BIND_SERVICE.
 * From v1.25 Windows pods are exempt.
 */
export default defineRule({
  id: 'pss-capabilities-restricted',
  title: 'Capabilities not dropped',
  severity: 'medium',
  category: 'pod-security',
  pssLevel: 'restricted',
  description:
    'Containers get a default set of Linux capabilities (CHOWN, DAC_OVERRIDE, SETUID, NET_RAW, ...) they rarely need. The restricted profile requires every container to drop `ALL` capabilities and allows adding back only `NET_BIND_SERVICE` (Windows pods are exempt from policy v1.25).',
  remediation:
    'Set `securityContext.capabilities.drop: ["ALL"]` on every container and add back only `NET_BIND_SERVICE` if needed.',
  references: {
    pss: ['restricted:capabilities_restricted'],
    checkov: ['CKV_K8S_37'],
    trivy: ['KSV-0003', 'KSV-0106'],
    links: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted'],
  },
  match: (resource) => podSpecOf(resource) !== undefined,
  check(resource, context) {
    if (!atLeast(context, 22)) return;
    const pod = podSpecOf(resource)!;
    if (atLeast(context, 25) && isWindowsPod(pod.spec)) return;
    for (const c of pod.containers) {
      const capabilities = securityContextOf(c)?.capabilities;
      if (!isObject(capabilities)) {
        context.report({
          path: scPath(c, 'capabilities', 'drop'),
          missing: true,
          message: `${label(c)} does not drop ALL capabilities.`,
        });
        continue;
      }
      const drop = capabilities.drop;
      if (!Array.isArray(drop) || !drop.includes('ALL')) {
        context.report({
          path: scPath(c, 'capabilities', 'drop'),
          missing: drop === undefined,
          message: `${label(c)} does not drop ALL capabilities${Array.isArray(drop) ? ' (capabilities.drop must include "ALL")' : ''}.`,
        });
      }
      if (!Array.isArray(capabilities.add)) continue;
      capabilities.add.forEach((capability, index) => {
        if (capability === 'NET_BIND_SERVICE') return;
        context.report({
          path: scPath(c, 'capabilities', 'add', index),
          message: `${label(c)} adds the capability ${q(capability)}; only NET_BIND_SERVICE is allowed.`,
          key: String(index),
          // Also a baseline violation (capabilities_baseline, which this check overrides).
          ...(typeof capability !== 'string' || !BASELINE_CAPABILITIES.has(capability)
            ? { severity: 'high' as const }
            : {}),
        });
      });
    }
  },
});
