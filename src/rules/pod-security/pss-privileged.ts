import { defineRule } from '../../engine/index.js';
import { isObject, podSpecOf } from '../../manifests/index.js';

export default defineRule({
  id: 'pss-privileged',
  title: 'Privileged containers',
  severity: 'critical',
  category: 'pod-security',
  pssLevel: 'baseline',
  description:
    'A privileged container has every capability and access to all host devices: it can take over the node. The Pod Security Standards baseline profile forbids it.',
  remediation: 'Remove `securityContext.privileged` or set it to `false`.',
  references: {
    pss: ['baseline:privileged'],
    polaris: ['privilegeEscalationAllowed'],
    'kube-linter': ['privileged-container'],
    checkov: ['CKV_K8S_16'],
    trivy: ['KSV017'],
    kubescape: ['C-0057'],
  },
  match: (resource) => podSpecOf(resource) !== undefined,
  check(resource, context) {
    const pod = podSpecOf(resource)!;
    for (const c of pod.containers) {
      const securityContext = c.container.securityContext;
      if (isObject(securityContext) && securityContext.privileged === true) {
        context.report({
          path: [...c.path, 'securityContext', 'privileged'],
          message: `Container "${c.name}" runs privileged.`,
          fix: { kind: 'replace-value', description: 'Turn privileged mode off', path: [...c.path, 'securityContext', 'privileged'], value: 'false' },
        });
      }
    }
  },
});
