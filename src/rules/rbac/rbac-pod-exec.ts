import { defineRule } from '../../engine/index.js';
import { reportGrants } from './_lib/grants.js';
import { isRole } from './_lib/rbac.js';

export default defineRule({
  id: 'rbac-pod-exec',
  title: 'Roles that exec, attach or port-forward into pods',
  severity: 'high',
  category: 'rbac',
  description:
    '`pods/exec` and `pods/attach` run commands in running containers, with their service account token, mounted Secrets and host access; `pods/portforward` opens a tunnel to any pod port, past NetworkPolicies. The API checks `create` on these subresources (older clusters also allowed `get` over WebSockets).',
  remediation:
    'Remove access to `pods/exec`, `pods/attach` and `pods/portforward` from roles used by workloads and automation; grant it to people only through a short-lived, audited role.',
  references: {
    polaris: ['clusterrolePodExecAttach', 'rolePodExecAttach'],
    trivy: ['KSV-0053', 'KSV-0054'],
    links: ['https://kubernetes.io/docs/concepts/security/rbac-good-practices/#exec'],
  },
  match: isRole,
  check(resource, context) {
    reportGrants(resource, context, {
      targets: [
        ['', 'pods/exec'],
        ['', 'pods/attach'],
        ['', 'pods/portforward'],
      ],
      verbs: ['create', 'get'],
      at: 'resources',
      severity: (grant, role) => {
        const shell = grant.resources.some((r) => r !== 'pods/portforward');
        if (role.kind === 'ClusterRole') return shell ? 'high' : 'medium';
        return shell ? 'medium' : 'low';
      },
      restricted: { note: 'limited to the pods named in resourceNames' },
      message: (grant, rule) => `Rule ${rule.index} grants ${grant.resources.join(', ')}`,
    });
  },
});
