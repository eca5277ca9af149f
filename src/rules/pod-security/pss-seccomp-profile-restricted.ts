import { defineRule, type FixSpec } from '../../engine/index.js';
import { isObject, podSpecOf } from '../../manifests/index.js';
import {
  atLeast,
  isSet,
  isWindowsPod,
  label,
  podSecurityContext,
  podScPath,
  q,
  scPath,
  securityContextOf,
  validSeccompType,
} from './_lib/pss.js';

const RUNTIME_DEFAULT = { type: 'RuntimeDefault' };

/**
 * check_seccompProfile_restricted.go (restricted, v1.19 and v1.25; overrides
 * seccompProfile_baseline): seccompProfile.type must be RuntimeDefault or Localhost at pod
 * level (inherited by containers that leave it unset) or on every container. From v1.25
 * Windows pods are exempt.
 */
export default defineRule({
  id: 'pss-seccomp-profile-restricted',
  title: 'Seccomp profile not set',
  severity: 'medium',
  category: 'pod-security',
  pssLevel: 'restricted',
  description:
    'Without a seccomp profile most runtimes run containers unconfined, with the whole kernel syscall surface available. The restricted profile requires `seccompProfile.type` to be `RuntimeDefault` or `Localhost`, set at pod level (inherited by the containers) or on every container; `Unconfined` is forbidden anywhere. Windows pods are exempt from policy v1.25.',
  remediation:
    'Set `spec.securityContext.seccompProfile.type: RuntimeDefault` (or `Localhost` with a profile) in the pod spec.',
  references: {
    pss: ['restricted:seccompProfile_restricted'],
    trivy: ['KSV-0030'],
    links: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted'],
  },
  match: (resource) => podSpecOf(resource) !== undefined,
  check(resource, context) {
    if (!atLeast(context, 19)) return;
    const pod = podSpecOf(resource)!;
    if (atLeast(context, 25) && isWindowsPod(pod.spec)) return;
    const reportBad = (profile: unknown, base: (...rest: string[]) => (string | number)[], who: string) => {
      const type = isObject(profile) ? profile.type : undefined;
      const path = base('seccompProfile', 'type');
      context.report({
        path,
        missing: type === undefined,
        message:
          type === undefined
            ? `${who} sets a seccompProfile without a type.`
            : `${who} sets the seccomp profile type ${q(type)}.`,
        ...(typeof type === 'string'
          ? {
              fix: {
                kind: 'replace-value' as const,
                description: 'Use the runtime default seccomp profile',
                path,
                value: 'RuntimeDefault',
              },
            }
          : {}),
      });
    };
    const podContext = podSecurityContext(pod);
    const podProfile = podContext?.seccompProfile;
    const podSet = isSet(podProfile);
    if (podSet && !validSeccompType(isObject(podProfile) ? podProfile.type : undefined))
      reportBad(podProfile, (...rest) => podScPath(pod, ...rest), 'The pod');
    const unset = [];
    for (const c of pod.containers) {
      const profile = securityContextOf(c)?.seccompProfile;
      if (isSet(profile)) {
        if (!validSeccompType(isObject(profile) ? profile.type : undefined))
          reportBad(profile, (...rest) => scPath(c, ...rest), label(c));
      } else if (!podSet) {
        unset.push(c);
      }
    }
    if (unset.length === 0) return;
    if (unset.length === pod.containers.length) {
      let fix: FixSpec | undefined;
      if (podContext)
        fix = {
          kind: 'add-field',
          description: 'Use the runtime default seccomp profile',
          parentPath: podScPath(pod),
          key: 'seccompProfile',
          value: RUNTIME_DEFAULT,
        };
      else if (pod.spec.securityContext === undefined)
        fix = {
          kind: 'add-field',
          description: 'Use the runtime default seccomp profile',
          parentPath: pod.path,
          key: 'securityContext',
          value: { seccompProfile: RUNTIME_DEFAULT },
        };
      context.report({
        path: podScPath(pod, 'seccompProfile'),
        missing: true,
        message:
          'Neither the pod nor its containers set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost".',
        ...(fix ? { fix } : {}),
      });
      return;
    }
    for (const c of unset) {
      const securityContext = securityContextOf(c);
      context.report({
        path: scPath(c, 'seccompProfile'),
        missing: true,
        message: `${label(c)} does not set securityContext.seccompProfile.type and the pod does not either.`,
        ...(securityContext
          ? {
              fix: {
                kind: 'add-field' as const,
                description: 'Use the runtime default seccomp profile',
                parentPath: scPath(c),
                key: 'seccompProfile',
                value: RUNTIME_DEFAULT,
              },
            }
          : {}),
      });
    }
  },
});
