import { defineRule } from '../../engine/index.js';
import type { Severity } from '../../model/index.js';
import { aggregatedInto, grantOf, isRole, lower, policyRules } from './_lib/rbac.js';

/** Kinds that run pods, by API group. */
const WORKLOADS: ReadonlyArray<readonly [string, string]> = [
  ['', 'pods'],
  ['', 'replicationcontrollers'],
  ['apps', 'deployments'],
  ['apps', 'daemonsets'],
  ['apps', 'statefulsets'],
  ['apps', 'replicasets'],
  ['batch', 'jobs'],
  ['batch', 'cronjobs'],
  ['extensions', 'deployments'],
  ['extensions', 'daemonsets'],
  ['extensions', 'replicasets'],
];

export default defineRule({
  id: 'rbac-create-workloads',
  title: 'Roles that create or change pods or workloads',
  severity: 'high',
  category: 'rbac',
  description:
    'Whoever can create a pod, or a Deployment, DaemonSet, StatefulSet, ReplicaSet, Job, CronJob or ReplicationController that makes one, can run it with any service account of the namespace, mount its Secrets, and, without an admission policy, run it privileged on the node. `update` and `patch` on a workload controller are as strong: they rewrite its pod template (image, command, service account, volumes) and the controller rolls out the new pods; on a pod they swap its image.',
  remediation:
    'Remove `create`, `update` and `patch` on pods and workload resources unless the subject is a deployment controller, and enforce Pod Security admission in the namespaces it can reach.',
  references: {
    links: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/#workload-creation'],
  },
  match: isRole,
  check(resource, context) {
    const aggregated = aggregatedInto(resource);
    for (const rule of policyRules(resource)) {
      const grant = grantOf(rule, WORKLOADS, ['create', 'update', 'patch']);
      if (!grant) continue;
      let severity: Severity = resource.kind === 'ClusterRole' ? 'high' : 'medium';
      const notes: string[] = [];
      if (grant.viaWildcard) notes.push('through a wildcard');
      if (aggregated.length > 0) notes.push(`aggregated into the built-in ${aggregated.join(', ')} role(s)`);
      if (grant.restricted) {
        severity = lower(severity);
        notes.push('limited by resourceNames');
      }
      context.report({
        path: [...rule.path, 'resources'],
        severity,
        message: `Rule ${rule.index} can ${grant.verbs.join('/')} ${[...new Set(grant.resources.map((r) => r.slice(r.indexOf('/') + 1)))].join(', ')}${notes.length ? ` (${notes.join('; ')})` : ''}.`,
      });
    }
  },
});
