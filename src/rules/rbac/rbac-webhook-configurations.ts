import { defineRule } from '../../engine/index.js';
import { reportGrants, resourceNames } from './_lib/grants.js';
import { isRole } from './_lib/rbac.js';

const GROUP = 'admissionregistration.k8s.io';

export default defineRule({
  id: 'rbac-webhook-configurations',
  title: 'Roles that write admission webhook configurations',
  severity: 'high',
  category: 'rbac',
  description:
    'Whoever can create or change a MutatingWebhookConfiguration or ValidatingWebhookConfiguration can send every API request, Secrets and pod specs included, to a server of their choice, rewrite objects as they are created, or switch off the webhooks that enforce policy.',
  remediation:
    'Keep write access to webhook configurations for the controller that owns them, limited with `resourceNames` to its own configurations.',
  references: {
    checkov: ['CKV_K8S_155'],
    trivy: ['KSV-0114'],
    links: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/#control-admission-webhooks'],
  },
  // Cluster-scoped resources: a namespaced Role cannot grant them.
  match: (resource) => isRole(resource) && resource.kind === 'ClusterRole',
  check(resource, context) {
    reportGrants(resource, context, {
      targets: [
        [GROUP, 'mutatingwebhookconfigurations'],
        [GROUP, 'validatingwebhookconfigurations'],
      ],
      verbs: ['create', 'update', 'patch', 'delete', 'deletecollection'],
      at: 'verbs',
      severity: () => 'high',
      restricted: { note: 'limited to the configurations named in resourceNames', severity: () => 'low' },
      message: (grant, rule) =>
        `Rule ${rule.index} can ${grant.verbs.join('/')} ${resourceNames(grant).join(', ')}`,
    });
  },
});
