import { defineRule } from '../../engine/index.js';
import type { Severity } from '../../model/index.js';
import { aggregatedInto, grantOf, isRole, lower, policyRules } from './_lib/rbac.js';

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
    const aggregated = aggregatedInto(resource);
    for (const rule of policyRules(resource)) {
      const grant = grantOf(rule, [['', 'secrets']], ['create', 'update', 'patch']);
      if (!grant) continue;
      let severity: Severity = resource.kind === 'ClusterRole' ? 'high' : 'medium';
      const notes: string[] = [];
      if (grant.viaWildcard) notes.push('through a wildcard');
      if (aggregated.length > 0) {
        severity = 'high';
        notes.push(`aggregated into the built-in ${aggregated.join(', ')} role(s)`);
      }
      // resourceNames cannot limit create (the name is not known at authorization time), so only update/patch-only grants are lowered.
      if (grant.restricted && !grant.verbs.includes('create')) {
        severity = lower(severity);
        notes.push('limited to the named Secret(s) in resourceNames');
      }
      const scope = resource.kind === 'ClusterRole' ? 'in any namespace it is bound for' : 'in its namespace';
      context.report({
        path: [...rule.path, 'resources'],
        severity,
        message: `Rule ${rule.index} can ${grant.verbs.join('/')} Secrets ${scope}${notes.length ? ` (${notes.join('; ')})` : ''}.`,
      });
    }
  },
});
