import { defineRule } from '../../engine/index.js';
import type { Severity } from '../../model/index.js';
import { grantOf, isRole, lower, policyRules } from './_lib/rbac.js';

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
    for (const rule of policyRules(resource)) {
      const grant = grantOf(
        rule,
        [
          ['', 'pods/exec'],
          ['', 'pods/attach'],
          ['', 'pods/portforward'],
        ],
        ['create', 'get'],
      );
      if (!grant) continue;
      const shell = grant.resources.some((r) => r !== 'pods/portforward');
      let severity: Severity = shell
        ? resource.kind === 'ClusterRole'
          ? 'high'
          : 'medium'
        : resource.kind === 'ClusterRole'
          ? 'medium'
          : 'low';
      const notes: string[] = [];
      if (grant.viaWildcard) notes.push('through a wildcard');
      if (grant.restricted) {
        severity = lower(severity);
        notes.push('limited to the pods named in resourceNames');
      }
      context.report({
        path: [...rule.path, 'resources'],
        severity,
        message: `Rule ${rule.index} grants ${grant.resources.join(', ')}${notes.length ? ` (${notes.join('; ')})` : ''}.`,
      });
    }
  },
});
