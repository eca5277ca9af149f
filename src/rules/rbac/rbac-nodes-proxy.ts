import { defineRule } from '../../engine/index.js';
import { reportGrants } from './_lib/grants.js';
import { isRole } from './_lib/rbac.js';

export default defineRule({
  id: 'rbac-nodes-proxy',
  title: 'Roles with access to nodes/proxy',
  severity: 'high',
  category: 'rbac',
  description:
    '`nodes/proxy` reaches the kubelet API of every node: it can run commands in any pod on the node (even `get` suffices over WebSockets), bypassing pod-level RBAC and audit logging of exec.',
  remediation: 'Remove `nodes/proxy`; monitoring agents need `nodes/metrics` or `nodes/stats` instead.',
  references: {
    trivy: ['KSV-0047'],
    links: [
      'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#access-to-proxy-subresource-of-nodes',
    ],
  },
  // Cluster-scoped resources: a namespaced Role cannot grant them.
  match: (resource) => isRole(resource) && resource.kind === 'ClusterRole',
  check(resource, context) {
    reportGrants(resource, context, {
      targets: [['', 'nodes/proxy']],
      verbs: ['get', 'create', 'update', 'patch', 'delete'],
      at: 'resources',
      severity: () => 'high',
      restricted: { note: 'limited to the nodes named in resourceNames' },
      message: (grant, rule) =>
        `Rule ${rule.index} grants ${grant.verbs.join('/')} on nodes/proxy, which runs commands in any pod of a node`,
    });
  },
});
