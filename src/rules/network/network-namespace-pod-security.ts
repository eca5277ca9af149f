import { defineRule } from '../../engine/index.js';
import { getIn, isObject } from '../../manifests/index.js';

const ENFORCE = 'pod-security.kubernetes.io/enforce';
const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease']);

export default defineRule({
  id: 'network-namespace-pod-security',
  title: 'Namespace without enforced Pod Security',
  severity: 'medium',
  category: 'network',
  description:
    'Pod Security Admission enforces the Pod Security Standards per namespace, from the `pod-security.kubernetes.io/enforce` label. Without it the cluster default applies, which is `privileged` (nothing enforced) unless the admission configuration says otherwise; `enforce: privileged` turns enforcement off explicitly and is reported at high severity. Kubernetes system namespaces are not checked.',
  remediation:
    'Label the namespace `pod-security.kubernetes.io/enforce: restricted` (or `baseline` where restricted is not yet possible), and pin `pod-security.kubernetes.io/enforce-version`.',
  references: {
    kubescape: ['C-0192'],
    links: [
      'https://kubernetes.io/docs/concepts/security/pod-security-admission/',
      'https://kubernetes.io/docs/tasks/configure-pod-container/enforce-standards-namespace-labels/',
    ],
  },
  match: (resource) => resource.kind === 'Namespace' && resource.group === '',
  check(resource, context) {
    if (SYSTEM_NAMESPACES.has(resource.name)) return;
    const labels = getIn(resource.object, ['metadata', 'labels']);
    const level = isObject(labels) ? labels[ENFORCE] : undefined;
    const path = ['metadata', 'labels', ENFORCE];
    if (typeof level === 'string' && level.trim() !== '') {
      if (level.trim() === 'privileged') {
        context.report({
          path,
          message: `Namespace ${resource.name} enforces the privileged Pod Security level: no pod restrictions apply.`,
          severity: 'high',
        });
      }
      return;
    }
    context.report({
      path,
      message: `Namespace ${resource.name} has no ${ENFORCE} label: Pod Security Standards are not enforced there.`,
      missing: true,
    });
  },
});
