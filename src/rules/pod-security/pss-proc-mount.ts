import { defineRule } from '../../engine/index.js';
import { podSpecOf } from '../../manifests/index.js';
import {
  atLeast,
  inUserNamespace,
  isSet,
  label,
  overriddenUnderRestricted,
  q,
  scPath,
  securityContextOf,
} from './_lib/pss.js';

/**
 * check_procMount_baseline.go (baseline `procMount`): v1.0 forbids any procMount but
 * Default; from v1.35 a pod with `hostUsers: false` may set any value. Under the restricted
 * profile from v1.35, procMount_restricted overrides it (pss-proc-mount-restricted).
 */
export default defineRule({
  id: 'pss-proc-mount',
  title: 'Unmasked /proc mount',
  severity: 'medium',
  category: 'pod-security',
  pssLevel: 'baseline',
  description:
    'The default /proc mount masks and makes read-only the paths of /proc that expose the host kernel. `procMount: Unmasked` removes those masks. The baseline profile forbids any value other than `Default`; from policy v1.35 it allows it in pods that run in a user namespace (`hostUsers: false`).',
  remediation: 'Remove `securityContext.procMount` or set it to `Default`.',
  references: {
    pss: ['baseline:procMount'],
    links: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline',
      'https://kubernetes.io/docs/concepts/workloads/pods/user-namespaces/',
    ],
  },
  match: (resource) => podSpecOf(resource) !== undefined,
  check(resource, context) {
    if (overriddenUnderRestricted(context, 35)) return;
    const pod = podSpecOf(resource)!;
    if (atLeast(context, 35) && inUserNamespace(pod.spec)) return;
    for (const c of pod.containers) {
      const procMount = securityContextOf(c)?.procMount;
      if (!isSet(procMount) || procMount === 'Default') continue;
      const path = scPath(c, 'procMount');
      context.report({
        path,
        message: `${label(c)} sets securityContext.procMount to ${q(procMount)}.`,
        fix: { kind: 'replace-value', description: 'Use the default /proc mount', path, value: 'Default' },
      });
    }
  },
});
