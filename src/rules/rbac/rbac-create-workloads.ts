import { defineRule } from '../../engine/index.js';
import { reportGrants, resourceNames } from './_lib/grants.js';
import { isRole } from './_lib/rbac.js';

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
    reportGrants(resource, context, {
      targets: WORKLOADS,
      verbs: ['create', 'update', 'patch'],
      at: 'resources',
      severity: (_grant, role) => (role.kind === 'ClusterRole' ? 'high' : 'medium'),
      aggregation: { raise: false },
      restricted: { note: 'limited by resourceNames' },
      message: (grant, rule) =>
        `Rule ${rule.index} can ${grant.verbs.join('/')} ${resourceNames(grant).join(', ')}`,
    });
  },
});
