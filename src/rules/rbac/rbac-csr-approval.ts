import { defineRule } from '../../engine/index.js';
import { grantOf, isRole, policyRules } from './_lib/rbac.js';

const GROUP = 'certificates.k8s.io';

export default defineRule({
  id: 'rbac-csr-approval',
  title: 'Roles that approve certificate signing requests',
  severity: 'high',
  category: 'rbac',
  description:
    'Approving a CertificateSigningRequest (update on `certificatesigningrequests/approval` plus `approve` on the signer) issues a client certificate for any user or group the request names, `system:masters` included with the kube-apiserver-client signer.',
  remediation:
    'Keep CSR approval for the controllers that need it, and limit `approve` with `resourceNames` to their own signers.',
  references: {
    checkov: ['CKV_K8S_156'],
    links: [
      'https://kubernetes.io/docs/reference/access-authn-authz/certificate-signing-requests/#authorization',
    ],
  },
  // Cluster-scoped resources: a namespaced Role cannot grant them.
  match: (resource) => isRole(resource) && resource.kind === 'ClusterRole',
  check(resource, context) {
    const rules = policyRules(resource);
    const approval = rules.find((r) =>
      grantOf(r, [[GROUP, 'certificatesigningrequests/approval']], ['update', 'patch']),
    );
    for (const rule of rules) {
      const grant = grantOf(rule, [[GROUP, 'signers']], ['approve']);
      if (!grant) continue;
      const builtIn = rule.resourceNames.filter(
        (n) => n.startsWith('kubernetes.io/') || n.endsWith('/*') || n === '*',
      );
      const unlimited = !grant.restricted || builtIn.length > 0;
      const which = grant.restricted ? `signers ${rule.resourceNames.join(', ')}` : 'any signer';
      if (approval) {
        context.report({
          path: [...rule.path, 'verbs'],
          severity: unlimited ? 'high' : 'low',
          message: `Rule ${rule.index} approves certificate requests for ${which}${grant.viaWildcard ? ' (through a wildcard)' : ''}, and ${approval.index === rule.index ? 'updates' : `rule ${approval.index} updates`} their approval: it can issue client certificates.`,
        });
      } else if (!grant.restricted) {
        context.report({
          path: [...rule.path, 'verbs'],
          severity: 'low',
          message: `Rule ${rule.index} grants approve on any signer${grant.viaWildcard ? ' (through a wildcard)' : ''}; with update on certificatesigningrequests/approval from another role it issues client certificates.`,
        });
      }
    }
  },
});
