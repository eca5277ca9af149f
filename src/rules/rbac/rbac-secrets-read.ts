import { defineRule } from '../../engine/index.js';
import type { Severity } from '../../model/index.js';
import { aggregatedInto, grantOf, isRole, lower, policyRules } from './_lib/rbac.js';

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
    const aggregated = aggregatedInto(resource);
    for (const rule of policyRules(resource)) {
      const grant = grantOf(rule, [['', 'secrets']], ['get', 'list', 'watch']);
      if (!grant) continue;
      let severity: Severity = resource.kind === 'ClusterRole' ? 'high' : 'medium';
      const notes: string[] = [];
      if (grant.viaWildcard) notes.push('through a wildcard');
      if (aggregated.length > 0) {
        severity = 'high';
        notes.push(
          `aggregated into the built-in ${aggregated.join(', ')} role(s), so every holder of them gets it`,
        );
      }
      if (grant.restricted) {
        severity = lower(severity);
        notes.push(`limited to the named Secret(s) in resourceNames`);
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
