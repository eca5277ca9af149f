import { defineRule } from '../../engine/index.js';
import { describeResource } from '../../manifests/index.js';
import type { Severity } from '../../model/index.js';
import { BOUND_ROLE, boundRole, grantOf, isBinding, policyRules, type PolicyRuleView } from './_lib/rbac.js';

/** What a role grants that makes its bindings dangerous, strongest first. */
type Power = 'everything' | 'exec' | 'secrets';

function grantsEverything(rule: PolicyRuleView): boolean {
  return (
    rule.apiGroups.includes('*') &&
    rule.resources.includes('*') &&
    rule.verbs.includes('*') &&
    rule.resourceNames.length === 0
  );
}

/** The powers of a role's rules; grants limited by resourceNames do not count (they are judged on the role). */
function powersOf(rules: readonly PolicyRuleView[]): Set<Power> {
  const powers = new Set<Power>();
  for (const rule of rules) {
    if (grantsEverything(rule)) powers.add('everything');
    if (rule.resourceNames.length > 0) continue;
    // exec and attach open a stream with create (get on old API servers' websockets).
    if (
      grantOf(
        rule,
        [
          ['', 'pods/exec'],
          ['', 'pods/attach'],
        ],
        ['create', 'get'],
      )
    )
      powers.add('exec');
    if (grantOf(rule, [['', 'secrets']], ['get', 'list', 'watch'])) powers.add('secrets');
  }
  return powers;
}

const WHAT: Record<Power, string> = {
  everything: 'every verb on every resource (cluster-admin in all but name)',
  exec: 'exec/attach into pods',
  secrets: 'reading Secrets',
};

export default defineRule({
  id: 'rbac-binding-privileged-role',
  title: 'Bindings to roles that grant everything, pod exec or Secrets',
  severity: 'high',
  category: 'rbac',
  description:
    "A binding is where a role's permissions reach people and workloads. When the repository defines the bound Role or ClusterRole and it grants every verb on every resource, exec/attach into pods, or reading Secrets, the binding hands that power to its subjects: the finding is on the binding, with the role named, so the pull request that adds a subject shows what it gets. A ClusterRoleBinding grants it in every namespace. Bindings whose role is not in the scan are not judged here (the built-in cluster-admin, admin and edit roles are judged by rbac-cluster-admin-binding).",
  remediation:
    'Bind a role with only the permissions the subjects need, or narrow the role itself (see the findings on the role).',
  references: {
    links: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/'],
  },
  dependsOn: [BOUND_ROLE],
  match: isBinding,
  check(resource, context) {
    const role = boundRole(context.resources, resource);
    if (!role) return;
    const powers = powersOf(policyRules(role));
    if (powers.size === 0) return;
    const clusterWide = resource.kind === 'ClusterRoleBinding';
    const strongest: Power = powers.has('everything')
      ? 'everything'
      : powers.has('exec')
        ? 'exec'
        : 'secrets';
    let severity: Severity;
    if (strongest === 'everything') severity = clusterWide ? 'critical' : 'high';
    else severity = clusterWide ? 'high' : 'medium';
    const listed = strongest === 'everything' ? [WHAT.everything] : [...powers].map((p) => WHAT[p]);
    const scope = clusterWide
      ? 'in every namespace'
      : `in namespace ${resource.namespace ?? '(of the binding)'}`;
    context.report({
      path: ['roleRef', 'name'],
      severity,
      message: `${resource.kind} binds ${describeResource(role)}, which grants ${listed.join(' and ')}, ${scope}.`,
    });
  },
});
