import { defineRule } from '../../engine/index.js';
import { isObject, podSpecOf, type JsonObject, type PathSegment } from '../../manifests/index.js';
import {
  atLeast,
  label,
  overriddenUnderRestricted,
  podSecurityContext,
  podScPath,
  q,
  scPath,
  securityContextOf,
  validSeccompType,
} from './_lib/pss.js';

const POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const CONTAINER_ANNOTATION_PREFIX = 'container.seccomp.security.alpha.kubernetes.io/';

function validAnnotationValue(value: string): boolean {
  return value === 'runtime/default' || value === 'docker/default' || value.startsWith('localhost/');
}

/**
 * check_seccompProfile_baseline.go (baseline): before v1.19 the seccomp alpha annotations
 * must be runtime/default, docker/default or localhost/*; from v1.19 the
 * `seccompProfile.type` fields must not be Unconfined (only RuntimeDefault or Localhost).
 * Overridden by seccompProfile_restricted under the restricted profile from v1.19.
 */
export default defineRule({
  id: 'pss-seccomp-profile-baseline',
  title: 'Unconfined seccomp profile',
  severity: 'medium',
  category: 'pod-security',
  pssLevel: 'baseline',
  description:
    'Seccomp filters the system calls a container may make. An `Unconfined` profile turns that filter off and exposes the whole kernel syscall surface. The baseline profile forbids setting the seccomp profile to anything but `RuntimeDefault` or `Localhost` (and, for policy versions before v1.19, unconfined seccomp annotations).',
  remediation:
    'Set `securityContext.seccompProfile.type` to `RuntimeDefault` (or `Localhost` with a profile), or remove the Unconfined setting.',
  references: {
    pss: ['baseline:seccompProfile_baseline'],
    links: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
  },
  match: (resource) => podSpecOf(resource) !== undefined,
  check(resource, context) {
    if (overriddenUnderRestricted(context, 19)) return;
    const pod = podSpecOf(resource)!;
    if (!atLeast(context, 19)) {
      const annotations = isObject(pod.metadata.annotations) ? pod.metadata.annotations : {};
      const checkAnnotation = (key: string) => {
        const value = annotations[key];
        if (typeof value !== 'string' || validAnnotationValue(value)) return;
        context.report({
          path: [...pod.metadataPath, 'annotations', key],
          message: `Annotation ${key} sets the forbidden seccomp profile ${q(value)}.`,
          key,
        });
      };
      checkAnnotation(POD_ANNOTATION);
      for (const c of pod.containers) checkAnnotation(CONTAINER_ANNOTATION_PREFIX + c.name);
      return;
    }
    const checkField = (securityContext: JsonObject | undefined, base: PathSegment[], who: string) => {
      const profile = securityContext?.seccompProfile;
      if (profile === undefined || profile === null) return;
      const type = isObject(profile) ? profile.type : undefined;
      if (validSeccompType(type)) return;
      const path = [...base, 'seccompProfile', 'type'];
      context.report({
        path,
        missing: type === undefined,
        message:
          type === undefined
            ? `${who} sets a seccompProfile without a type.`
            : `${who} sets the seccomp profile type ${q(type)}.`,
        ...(type === 'Unconfined'
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
    checkField(podSecurityContext(pod), podScPath(pod), 'The pod');
    for (const c of pod.containers) checkField(securityContextOf(c), scPath(c), label(c));
  },
});
