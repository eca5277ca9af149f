import { defineRule } from '../../engine/index.js';
import { podSpecOf } from '../../manifests/index.js';
import {
  atLeast,
  inUserNamespace,
  label,
  podSecurityContext,
  podScPath,
  scPath,
  securityContextOf,
} from './_lib/pss.js';

/**
 * check_runAsUser.go (restricted, v1.23 and v1.35): runAsUser must not be 0 at pod or
 * container level. From v1.35 pods with `hostUsers: false` are exempt.
 */
export default defineRule({
  id: 'pss-run-as-user',
  title: 'Containers run as UID 0',
  severity: 'medium',
  category: 'pod-security',
  pssLevel: 'restricted',
  description:
    '`runAsUser: 0` runs the container processes as root, whatever the image says. The restricted profile (from policy v1.23) forbids it at pod and container level; from v1.35 pods in a user namespace (`hostUsers: false`) are exempt.',
  remediation: 'Set `runAsUser` to a non-zero UID (or remove it and rely on a non-root image user).',
  references: {
    pss: ['restricted:runAsUser'],
    trivy: ['KSV-0105'],
    links: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted'],
  },
  match: (resource) => podSpecOf(resource) !== undefined,
  check(resource, context) {
    if (!atLeast(context, 23)) return;
    const pod = podSpecOf(resource)!;
    if (atLeast(context, 35) && inUserNamespace(pod.spec)) return;
    if (podSecurityContext(pod)?.runAsUser === 0)
      context.report({
        path: podScPath(pod, 'runAsUser'),
        message: 'The pod sets securityContext.runAsUser=0.',
      });
    for (const c of pod.containers) {
      if (securityContextOf(c)?.runAsUser === 0)
        context.report({
          path: scPath(c, 'runAsUser'),
          message: `${label(c)} sets securityContext.runAsUser=0.`,
        });
    }
  },
});
