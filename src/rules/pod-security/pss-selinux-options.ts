import { defineRule } from '../../engine/index.js';
import { isObject, podSpecOf, type JsonObject, type PathSegment } from '../../manifests/index.js';
import { atLeast, label, podSecurityContext, podScPath, q, scPath, securityContextOf } from './_lib/pss.js';

const TYPES_1_0 = ['', 'container_t', 'container_init_t', 'container_kvm_t'];
const TYPES_1_31 = [...TYPES_1_0, 'container_engine_t'];

/**
 * check_seLinuxOptions.go (baseline, v1.0 and v1.31): seLinuxOptions.type limited to the
 * container types (container_engine_t from v1.31); user and role must be empty.
 */
export default defineRule({
  id: 'pss-selinux-options',
  title: 'Custom SELinux options',
  severity: 'medium',
  category: 'pod-security',
  pssLevel: 'baseline',
  description:
    'A custom SELinux user, role or type can give a container the label of a more privileged domain (for example spc_t or a host process type) and escape the container policy. The baseline profile allows only the container types (container_t, container_init_t, container_kvm_t, and container_engine_t from v1.31) and no user or role, at pod and container level.',
  remediation:
    'Remove `seLinuxOptions.user` and `seLinuxOptions.role`, and use one of the allowed container types (or no type).',
  references: {
    pss: ['baseline:seLinuxOptions'],
    trivy: ['KSV-0025'],
    links: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
  },
  match: (resource) => podSpecOf(resource) !== undefined,
  check(resource, context) {
    const pod = podSpecOf(resource)!;
    const allowed = atLeast(context, 31) ? TYPES_1_31 : TYPES_1_0;
    const checkOptions = (securityContext: JsonObject | undefined, base: PathSegment[], who: string) => {
      const options = securityContext?.seLinuxOptions;
      if (!isObject(options)) return;
      const type = options.type ?? '';
      if (typeof type !== 'string' || !allowed.includes(type)) {
        context.report({
          path: [...base, 'seLinuxOptions', 'type'],
          message: `${who} sets the SELinux type ${q(type)}.`,
        });
      }
      for (const field of ['user', 'role'] as const) {
        const value = options[field];
        if (value === undefined || value === null || value === '') continue;
        context.report({
          path: [...base, 'seLinuxOptions', field],
          message: `${who} sets a custom SELinux ${field}.`,
        });
      }
    };
    checkOptions(podSecurityContext(pod), podScPath(pod), 'The pod');
    for (const c of pod.containers) checkOptions(securityContextOf(c), scPath(c), label(c));
  },
});
