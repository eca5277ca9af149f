import { defineRule } from '../../engine/index.js';
import { podSpecOf } from '../../manifests/index.js';
import { label, scPath, securityContextOf } from './_lib/pss.js';

/** check_privileged.go (baseline, v1.0+): securityContext.privileged must be unset or false on every container. */
export default defineRule({
  id: 'pss-privileged',
  title: 'Privileged containers',
  severity: 'critical',
  category: 'pod-security',
  pssLevel: 'baseline',
  description:
    'A privileged container has every capability and access to all host devices: it can take over the node. The Pod Security Standards baseline profile forbids `securityContext.privileged: true` on containers, init containers and ephemeral containers.',
  remediation: 'Remove `securityContext.privileged` or set it to `false`.',
  references: {
    pss: ['baseline:privileged'],
    polaris: ['runAsPrivileged'],
    'kube-linter': ['privileged-container'],
    checkov: ['CKV_K8S_16'],
    trivy: ['KSV-0017'],
    kubescape: ['C-0057'],
    links: ['https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline'],
  },
  match: (resource) => podSpecOf(resource) !== undefined,
  check(resource, context) {
    const pod = podSpecOf(resource)!;
    for (const c of pod.containers) {
      if (securityContextOf(c)?.privileged !== true) continue;
      const path = scPath(c, 'privileged');
      context.report({
        path,
        message: `${label(c)} runs privileged.`,
        fix: { kind: 'replace-value', description: 'Turn privileged mode off', path, value: 'false' },
      });
    }
  },
});
