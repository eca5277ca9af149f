import { defineRule } from '../../engine/index.js';
import { reportGrants, roleScope } from './_lib/grants.js';
import { isRole } from './_lib/rbac.js';

export default defineRule({
  id: 'rbac-secrets-write',
  title: 'Roles that create or change Secrets',
  severity: 'high',
  category: 'rbac',
  description:
    '`create` on Secrets mints a token for any service account of the namespace (a Secret of type `kubernetes.io/service-account-token` is filled in by the control plane), and `update` or `patch` replace credentials other workloads trust: registry pull secrets, TLS keys, webhook and Git credentials that GitOps controllers use. A ClusterRole does so in every namespace when bound cluster-wide. Reading Secrets is reported by rbac-secrets-read.',
  remediation:
    'Remove `create`, `update` and `patch` on Secrets, or limit `update`/`patch` with `resourceNames` to the Secrets the subject manages, in a namespaced Role.',
  references: {
    links: ['https://kubernetes.io/docs/concepts/configuration/secret/#service-account-token-secrets'],
  },
  match: isRole,
  check(resource, context) {
    reportGrants(resource, context, {
      targets: [['', 'secrets']],
      verbs: ['create', 'update', 'patch'],
      at: 'resources',
      severity: (_grant, role) => (role.kind === 'ClusterRole' ? 'high' : 'medium'),
      aggregation: { raise: true },
      // resourceNames cannot limit create (the name is not known at authorization time), so only update/patch-only grants are lowered.
      restricted: {
        applies: (grant) => !grant.verbs.includes('create'),
        note: 'limited to the named Secret(s) in resourceNames',
      },
      message: (grant, rule, role) =>
        `Rule ${rule.index} can ${grant.verbs.join('/')} Secrets ${roleScope(role)}`,
    });
  },
});
