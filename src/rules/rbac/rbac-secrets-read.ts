import { defineRule } from '../../engine/index.js';
import { reportGrants, roleScope } from './_lib/grants.js';
import { isRole } from './_lib/rbac.js';

export default defineRule({
  id: 'rbac-secrets-read',
  title: 'Roles that read Secrets',
  severity: 'high',
  category: 'rbac',
  description:
    'get, list or watch on Secrets reveals every credential stored in them, service account tokens included, which often leads to more privileges. A ClusterRole does so in every namespace when bound cluster-wide. Wildcards in resources, verbs or apiGroups grant it too.',
  remediation:
    'Remove read access to Secrets, or limit it with `resourceNames` to the Secrets the workload needs, in a namespaced Role.',
  references: {
    links: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/#listing-secrets'],
  },
  match: isRole,
  check(resource, context) {
    reportGrants(resource, context, {
      targets: [['', 'secrets']],
      verbs: ['get', 'list', 'watch'],
      at: 'resources',
      severity: (_grant, role) => (role.kind === 'ClusterRole' ? 'high' : 'medium'),
      aggregation: { raise: true, suffix: ', so every holder of them gets it' },
      restricted: { note: 'limited to the named Secret(s) in resourceNames' },
      message: (grant, rule, role) =>
        `Rule ${rule.index} can ${grant.verbs.join('/')} Secrets ${roleScope(role)}`,
    });
  },
});
