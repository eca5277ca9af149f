import { defineRule, type FixSpec } from '../../engine/index.js';
import { podSpecOf } from '../../manifests/index.js';
import { atLeast, isWindowsPod, label, scPath, securityContextOf } from './_lib/pss.js';

/**
 * check_allowPrivilegeEscalation.go (restricted, v1.8 and v1.25): every container must set
 * allowPrivilegeEscalation=false; from v1.25 Windows pods are exempt.
 */
export default defineRule({
  id: 'pss-allow-privilege-escalation',
  title: 'Privilege escalation allowed',
  severity: 'medium',
  category: 'pod-security',
  pssLevel: 'restricted',
  description:
    'Unless `allowPrivilegeEscalation` is false, a process in the container can gain more privileges than its parent (setuid binaries, file capabilities). The restricted profile requires every container, init container and ephemeral container to set `securityContext.allowPrivilegeEscalation: false` (Windows pods are exempt from policy v1.25).',
  remediation: 'Set `securityContext.allowPrivilegeEscalation: false` on every container.',
  references: {
    pss: ['restricted:allowPrivilegeEscalation'],
    polaris: ['privilegeEscalationAllowed'],
    'kube-linter': ['privilege-escalation-container'],
    checkov: ['CKV_K8S_20'],
    trivy: ['KSV-0001'],
    kubescape: ['C-0016'],
    links: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted'],
  },
  match: (resource) => podSpecOf(resource) !== undefined,
  check(resource, context) {
    if (!atLeast(context, 8)) return;
    const pod = podSpecOf(resource)!;
    if (atLeast(context, 25) && isWindowsPod(pod.spec)) return;
    for (const c of pod.containers) {
      const securityContext = securityContextOf(c);
      const value = securityContext?.allowPrivilegeEscalation;
      if (value === false) continue;
      const path = scPath(c, 'allowPrivilegeEscalation');
      let fix: FixSpec | undefined;
      if (value === true)
        fix = { kind: 'replace-value', description: 'Disallow privilege escalation', path, value: 'false' };
      else if (value === undefined && securityContext)
        fix = {
          kind: 'add-field',
          description: 'Disallow privilege escalation',
          parentPath: scPath(c),
          key: 'allowPrivilegeEscalation',
          value: false,
        };
      else if (value === undefined && c.container.securityContext === undefined)
        fix = {
          kind: 'add-field',
          description: 'Disallow privilege escalation',
          parentPath: c.path,
          key: 'securityContext',
          value: { allowPrivilegeEscalation: false },
        };
      context.report({
        path,
        missing: value === undefined,
        message:
          value === undefined
            ? `${label(c)} does not set securityContext.allowPrivilegeEscalation=false.`
            : `${label(c)} sets securityContext.allowPrivilegeEscalation to ${JSON.stringify(value)}.`,
        ...(fix ? { fix } : {}),
      });
    }
  },
});
