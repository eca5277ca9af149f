import { defineRule } from '../../engine/index.js';
import { isObject, podSpecOf, type JsonObject, type PathSegment } from '../../manifests/index.js';
import { label, podSecurityContext, podScPath, q, scPath, securityContextOf } from './_lib/pss.js';

const ANNOTATION_PREFIX = 'container.apparmor.security.beta.kubernetes.io/';

function allowedAnnotationValue(value: string): boolean {
  return value === '' || value === 'runtime/default' || value.startsWith('localhost/');
}

/**
 * check_appArmorProfile.go (baseline, one version at v1.0): the `appArmorProfile` fields
 * (API from v1.30; PSA checks them at every policy version) must be RuntimeDefault or
 * Localhost, and the beta annotations runtime/default, localhost/* or empty.
 */
export default defineRule({
  id: 'pss-apparmor-profile',
  title: 'AppArmor profile overrides',
  severity: 'medium',
  category: 'pod-security',
  pssLevel: 'baseline',
  description:
    'On nodes with AppArmor the runtime applies its default profile; setting the profile to Unconfined (or any profile other than the runtime default or a localhost profile) removes that confinement. The baseline profile allows only `RuntimeDefault` and `Localhost` in `securityContext.appArmorProfile.type`, and only `runtime/default` or `localhost/*` in the `container.apparmor.security.beta.kubernetes.io/*` annotations.',
  remediation:
    'Set `appArmorProfile.type` to `RuntimeDefault` or `Localhost` (or remove it), and remove `unconfined` AppArmor annotations.',
  references: {
    pss: ['baseline:appArmorProfile'],
    links: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
  },
  match: (resource) => podSpecOf(resource) !== undefined,
  check(resource, context) {
    const pod = podSpecOf(resource)!;
    const checkField = (securityContext: JsonObject | undefined, base: PathSegment[], who: string) => {
      const profile = securityContext?.appArmorProfile;
      if (profile === undefined || profile === null) return;
      const type = isObject(profile) ? profile.type : undefined;
      if (type === 'RuntimeDefault' || type === 'Localhost') return;
      context.report({
        path: [...base, 'appArmorProfile', 'type'],
        missing: type === undefined,
        message:
          type === undefined
            ? `${who} sets an appArmorProfile without a type.`
            : `${who} sets the AppArmor profile type ${q(type)}.`,
      });
    };
    checkField(podSecurityContext(pod), podScPath(pod), 'The pod');
    for (const c of pod.containers) checkField(securityContextOf(c), scPath(c), label(c));
    const annotations = pod.metadata.annotations;
    if (!isObject(annotations)) return;
    for (const [key, value] of Object.entries(annotations)) {
      if (!key.startsWith(ANNOTATION_PREFIX) || typeof value !== 'string' || allowedAnnotationValue(value))
        continue;
      context.report({
        path: [...pod.metadataPath, 'annotations', key],
        message: `Annotation ${key} sets the forbidden AppArmor profile ${q(value)}.`,
        key,
      });
    }
  },
});
