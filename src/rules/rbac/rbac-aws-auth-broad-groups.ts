import { parse } from 'yaml';
import { defineRule } from '../../engine/index.js';
import { isObject } from '../../manifests/index.js';

/** Groups that bypass RBAC (system:masters is hard-wired to everything) or include every caller. */
const BROAD_GROUPS = new Set([
  'system:masters',
  'system:authenticated',
  'system:unauthenticated',
  'system:anonymous',
]);

/** mapRoles/mapUsers are YAML inside a string: bounded so a hostile value cannot cost much. */
const MAX_MAPPING_TEXT = 256 * 1024;

export default defineRule({
  id: 'rbac-aws-auth-broad-groups',
  title: 'EKS aws-auth mapping to system:masters or every caller',
  severity: 'high',
  category: 'rbac',
  description:
    'On EKS the `aws-auth` ConfigMap in kube-system maps IAM roles and users to Kubernetes groups. `system:masters` is hard-wired to every permission and cannot be limited or revoked by RBAC, so an IAM role mapped to it is cluster-admin for whoever can assume it; `system:authenticated` and `system:unauthenticated` extend every binding of those groups to it; `mapAccounts` lets every IAM identity of an AWS account authenticate. Mappings that cannot be read are reported as not evaluated.',
  remediation:
    'Map IAM roles to dedicated groups bound to least-privilege roles (or use EKS access entries with scoped access policies); keep system:masters out of aws-auth and list individual roles instead of whole accounts.',
  references: {
    links: [
      'https://docs.aws.amazon.com/eks/latest/userguide/auth-configmap.html',
      'https://aws.github.io/aws-eks-best-practices/security/docs/iam/#use-iam-roles-when-multiple-users-need-identical-access-to-the-cluster',
    ],
  },
  match: (resource) =>
    resource.kind === 'ConfigMap' &&
    resource.group === '' &&
    resource.name === 'aws-auth' &&
    (resource.namespace === undefined || resource.namespace === 'kube-system'),
  check(resource, context) {
    const data = resource.object.data;
    if (!isObject(data)) return;
    for (const field of ['mapRoles', 'mapUsers', 'mapAccounts'] as const) {
      const text = data[field];
      if (typeof text !== 'string' || text.trim() === '') continue;
      let entries: unknown;
      try {
        if (text.length > MAX_MAPPING_TEXT) throw new Error('too large');
        entries = parse(text, { maxAliasCount: 50, prettyErrors: false });
      } catch {
        context.report({
          path: ['data', field],
          key: `${field}:unreadable`,
          severity: 'medium',
          message: `aws-auth ${field} is not evaluated, because it is not a readable YAML list.`,
        });
        continue;
      }
      if (!Array.isArray(entries)) {
        if (entries !== null)
          context.report({
            path: ['data', field],
            key: `${field}:unreadable`,
            severity: 'medium',
            message: `aws-auth ${field} is not evaluated, because it is not a YAML list.`,
          });
        continue;
      }
      if (field === 'mapAccounts') {
        if (entries.length > 0)
          context.report({
            path: ['data', field],
            key: field,
            severity: 'medium',
            message: `aws-auth mapAccounts lets every IAM identity of ${entries.length} AWS account(s) authenticate to the cluster.`,
          });
        continue;
      }
      entries.forEach((entry, i) => {
        if (!isObject(entry) || !Array.isArray(entry.groups)) return;
        const arn =
          typeof entry.rolearn === 'string'
            ? entry.rolearn
            : typeof entry.userarn === 'string'
              ? entry.userarn
              : `entry ${i}`;
        const broad = entry.groups.filter((g): g is string => typeof g === 'string' && BROAD_GROUPS.has(g));
        if (broad.length === 0) return;
        context.report({
          path: ['data', field],
          key: `${field}:${i}`,
          severity: broad.includes('system:masters') ? 'high' : 'medium',
          message: `aws-auth ${field} maps ${arn.length > 200 ? `entry ${i}` : arn} to ${broad.join(', ')}${broad.includes('system:masters') ? ': cluster-admin that RBAC cannot limit or revoke' : ''}.`,
        });
      });
    }
  },
});
