import { defineRule } from '../../engine/index.js';
import { ARGOCD_RBAC_DOCS, configMapData, isTrue } from './_lib/argocd.js';

export default defineRule({
  id: 'argocd-exec-enabled',
  title: 'Argo CD web terminal (exec) enabled',
  severity: 'medium',
  category: 'argocd',
  description:
    '`exec.enabled: "true"` in argocd-cm turns on the web terminal: Argo CD users with the `exec` permission get a shell in running pods through the Argo CD server, which holds the Kubernetes credentials. It is off by default; a broad RBAC grant (`*` actions) then gives a shell in every managed pod.',
  remediation:
    'Leave `exec.enabled` unset or `"false"`; when needed, grant `exec, create` only to named admin roles.',
  references: {
    links: ['https://argo-cd.readthedocs.io/en/stable/operator-manual/web_based_terminal/', ARGOCD_RBAC_DOCS],
  },
  match: (r) => configMapData(r, 'argocd-cm') !== undefined,
  check(resource, context) {
    const data = configMapData(resource, 'argocd-cm')!;
    if (isTrue(data['exec.enabled'])) {
      context.report({
        path: ['data', 'exec.enabled'],
        message: 'The Argo CD web terminal (exec into pods) is enabled.',
      });
    }
  },
});
