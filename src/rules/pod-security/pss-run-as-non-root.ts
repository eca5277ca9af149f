import { defineRule } from '../../engine/index.js';
import { podSpecOf } from '../../manifests/index.js';
import {
  atLeast,
  inUserNamespace,
  isSet,
  label,
  podSecurityContext,
  podScPath,
  scPath,
  securityContextOf,
} from './_lib/pss.js';

/**
 * check_runAsNonRoot.go (restricted, v1.0 and v1.35): runAsNonRoot must be true at pod
 * level (inherited by containers that leave it unset) or on every container, and false
 * nowhere. From v1.35 pods with `hostUsers: false` are exempt.
 */
export default defineRule({
  id: 'pss-run-as-non-root',
  title: 'Containers may run as root',
  severity: 'medium',
  category: 'pod-security',
  pssLevel: 'restricted',
  description:
    'Without `runAsNonRoot: true` the kubelet starts a container whose image runs as UID 0, and a process running as root is one kernel bug away from the node. The restricted profile requires `runAsNonRoot: true` at pod level or on every container (a container inherits the pod setting) and forbids `false` anywhere. From policy v1.35, pods in a user namespace (`hostUsers: false`) are exempt, since root in the pod is not root on the node.',
  remediation:
    'Set `securityContext.runAsNonRoot: true` in the pod spec (or on every container) and run the image as a non-root user.',
  references: {
    pss: ['restricted:runAsNonRoot'],
    trivy: ['KSV-0012'],
    links: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted'],
  },
  match: (resource) => podSpecOf(resource) !== undefined,
  check(resource, context) {
    const pod = podSpecOf(resource)!;
    if (atLeast(context, 35) && inUserNamespace(pod.spec)) return;
    const podValue = podSecurityContext(pod)?.runAsNonRoot;
    const podSet = isSet(podValue);
    if (podSet && podValue !== true) {
      context.report({
        path: podScPath(pod, 'runAsNonRoot'),
        message: `The pod sets securityContext.runAsNonRoot to ${JSON.stringify(podValue)}.`,
      });
    }
    const unset = [];
    for (const c of pod.containers) {
      const value = securityContextOf(c)?.runAsNonRoot;
      if (isSet(value)) {
        if (value !== true)
          context.report({
            path: scPath(c, 'runAsNonRoot'),
            message: `${label(c)} sets securityContext.runAsNonRoot to ${JSON.stringify(value)}.`,
          });
      } else if (!podSet) {
        unset.push(c);
      }
    }
    // Containers that leave it unset inherit the pod value; an explicit pod value was reported above.
    if (unset.length === 0) return;
    if (unset.length === pod.containers.length) {
      context.report({
        path: podScPath(pod, 'runAsNonRoot'),
        missing: true,
        message: 'Neither the pod nor its containers set securityContext.runAsNonRoot=true.',
      });
      return;
    }
    for (const c of unset) {
      context.report({
        path: scPath(c, 'runAsNonRoot'),
        missing: true,
        message: `${label(c)} does not set securityContext.runAsNonRoot=true and the pod does not either.`,
      });
    }
  },
});
