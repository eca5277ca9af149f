import { defineRule } from '../../engine/index.js';
import type { Severity } from '../../model/index.js';
import { isRole, policyRules } from './_lib/rbac.js';

export default defineRule({
  id: 'rbac-wildcard-rules',
  title: 'Wildcards in Role and ClusterRole rules',
  severity: 'medium',
  category: 'rbac',
  description:
    'A `*` in verbs, resources or apiGroups grants more than intended, and keeps granting whatever new resources, custom resources and verbs are added to the cluster later. `*` on all three is cluster-admin.',
  remediation: 'List the API groups, resources and verbs the subject needs instead of `*`.',
  references: {
    'kube-linter': ['wildcard-in-rules'],
    checkov: ['CKV_K8S_49'],
    trivy: ['KSV-0044', 'KSV-0045', 'KSV-0046', 'KSV-0112'],
    links: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/#minimize-wildcard-use'],
  },
  match: isRole,
  check(resource, context) {
    const cluster = resource.kind === 'ClusterRole';
    for (const rule of policyRules(resource)) {
      const verbs = rule.verbs.includes('*');
      const resources = rule.resources.includes('*');
      const groups = rule.apiGroups.includes('*');
      const named = rule.resourceNames.length > 0 ? ' (limited by resourceNames)' : '';
      if (verbs && resources && groups) {
        context.report({
          path: [...rule.path, 'verbs'],
          severity: rule.resourceNames.length > 0 ? 'high' : cluster ? 'critical' : 'high',
          message: `Rule ${rule.index} grants every verb on every resource of every API group${named}: ${cluster ? 'cluster-admin' : 'namespace admin'} equivalent.`,
        });
        continue;
      }
      if (verbs && rule.resources.length > 0) {
        const severity: Severity = resources ? 'high' : 'medium';
        context.report({
          path: [...rule.path, 'verbs'],
          severity,
          message: `Rule ${rule.index} grants every verb ("*")${named}, including ones added later.`,
        });
      }
      if (resources) {
        const writes = rule.verbs.some((v) =>
          ['*', 'create', 'update', 'patch', 'delete', 'deletecollection'].includes(v),
        );
        context.report({
          path: [...rule.path, 'resources'],
          severity:
            groups || rule.apiGroups.includes('') ? (writes ? 'high' : 'medium') : writes ? 'medium' : 'low',
          message: `Rule ${rule.index} grants access to every resource ("*") of its API groups${named}, including Secrets when the core group is covered.`,
        });
      }
      if (groups && !resources && rule.resources.length > 0) {
        context.report({
          path: [...rule.path, 'apiGroups'],
          severity: 'low',
          message: `Rule ${rule.index} matches every API group ("*"); name the groups.`,
        });
      }
      if (rule.nonResourceURLs.includes('*')) {
        context.report({
          path: [...rule.path, 'nonResourceURLs'],
          severity: 'low',
          message: `Rule ${rule.index} grants every non-resource URL ("*").`,
        });
      }
    }
  },
});
