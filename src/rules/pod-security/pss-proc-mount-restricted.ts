import { defineRule } from '../../engine/index.js';
import { podSpecOf } from '../../manifests/index.js';
import { atLeast, isSet, label, q, scPath, securityContextOf } from './_lib/pss.js';

/**
 * check_procMount_restricted.go (restricted `procMount_restricted`, v1.35+, overrides
 * procMount): procMount must be unset or Default, even with `hostUsers: false`.
 */
export default defineRule({
  id: 'pss-proc-mount-restricted',
  title: 'Unmasked /proc mount (restricted)',
  severity: 'medium',
  category: 'pod-security',
  pssLevel: 'restricted',
  description:
    'From policy v1.35 the baseline profile allows `procMount: Unmasked` in pods with `hostUsers: false`. The restricted profile keeps forbidding any procMount but `Default`, also in user namespaces.',
  remediation: 'Remove `securityContext.procMount` or set it to `Default`.',
  references: {
    pss: ['restricted:procMount_restricted'],
    polaris: ['procMount'],
    'kube-linter': ['unsafe-proc-mount'],
    links: [
      'https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted',
      'https://kubernetes.io/docs/concepts/workloads/pods/user-namespaces/',
    ],
  },
  match: (resource) => podSpecOf(resource) !== undefined,
  check(resource, context) {
    if (!atLeast(context, 35)) return;
    const pod = podSpecOf(resource)!;
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
