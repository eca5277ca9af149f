import { defineRule } from '../../engine/index.js';
import { configMapData, isTrue } from './_lib/argocd.js';

export default defineRule({
  id: 'argocd-server-insecure',
  title: 'Argo CD server serves plain HTTP',
  severity: 'info',
  category: 'argocd',
  description:
    '`server.insecure: "true"` in argocd-cmd-params-cm makes argocd-server serve HTTP without TLS. That is the normal setup when an ingress or load balancer terminates TLS in front of it; it is a problem only when the server is reachable directly, because sessions and tokens then cross the network in clear.',
  remediation:
    'Make sure TLS is terminated in front of argocd-server and that the plain HTTP port is not exposed, or remove `server.insecure`.',
  references: { links: ['https://argo-cd.readthedocs.io/en/stable/operator-manual/ingress/'] },
  match: (r) => configMapData(r, 'argocd-cmd-params-cm') !== undefined,
  check(resource, context) {
    const data = configMapData(resource, 'argocd-cmd-params-cm')!;
    if (isTrue(data['server.insecure'])) {
      context.report({
        path: ['data', 'server.insecure'],
        message: 'argocd-server serves plain HTTP; TLS must be terminated in front of it.',
      });
    }
  },
});
