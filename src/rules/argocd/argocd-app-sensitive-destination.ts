import * as z from 'zod';
import { defineRule } from '../../engine/index.js';
import { appSpecOf, ARGOCD_SECURITY_DOCS, destinationOf, isTemplated } from './_lib/argocd.js';

export default defineRule({
  id: 'argocd-app-sensitive-destination',
  title: "Application deploys into kube-system or Argo CD's namespace",
  severity: 'medium',
  category: 'argocd',
  description:
    "An Application whose destination namespace is `kube-system` or Argo CD's own namespace lets whoever can change its source replace cluster components or Argo CD itself (its RBAC ConfigMap, repository credentials, cluster Secrets): control of one Git repository becomes control of every cluster Argo CD manages.",
  remediation:
    'Deploy workloads to their own namespaces; manage Argo CD and kube-system from a separate, admin-only project and repository with required reviews.',
  references: { links: [ARGOCD_SECURITY_DOCS] },
  parameters: z.object({
    argocdNamespace: z.string().default('argocd'),
    namespaces: z.array(z.string()).default(['kube-system']),
  }),
  match: (r) => appSpecOf(r) !== undefined,
  check(resource, context) {
    const app = appSpecOf(resource)!;
    const ns = destinationOf(app).namespace;
    if (!ns || isTemplated(ns)) return;
    const sensitive = [...(context.params.namespaces ?? []), context.params.argocdNamespace].filter(
      (n) => typeof n === 'string' && n !== '',
    );
    if (!sensitive.includes(ns)) return;
    context.report({
      path: [...app.path, 'destination', 'namespace'],
      message: `${app.kind} "${resource.name}" deploys into ${ns === context.params.argocdNamespace ? "Argo CD's own namespace" : 'the system namespace'} "${ns}".`,
    });
  },
});
