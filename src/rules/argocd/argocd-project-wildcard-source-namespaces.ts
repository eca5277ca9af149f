import { defineRule } from '../../engine/index.js';
import { isObject } from '../../manifests/index.js';
import { ARGOCD_PROJECTS_DOCS, isArgoKind, str } from './_lib/argocd.js';

export default defineRule({
  id: 'argocd-project-wildcard-source-namespaces',
  title: 'AppProject accepts Applications from any namespace',
  severity: 'high',
  category: 'argocd',
  description:
    'With Applications in any namespace enabled, `sourceNamespaces: ["*"]` lets anyone who can create an Application in any namespace of the cluster use this project and everything it permits: the namespace boundary between tenants is gone.',
  remediation:
    'List the namespaces (or a prefix such as `team-a-*`) whose Applications may use the project in `spec.sourceNamespaces`.',
  references: {
    links: [
      ARGOCD_PROJECTS_DOCS,
      'https://argo-cd.readthedocs.io/en/stable/operator-manual/app-any-namespace/',
    ],
  },
  match: (r) => isArgoKind(r, 'AppProject'),
  check(resource, context) {
    const spec = resource.object.spec;
    if (!isObject(spec) || !Array.isArray(spec.sourceNamespaces)) return;
    spec.sourceNamespaces.forEach((raw, i) => {
      const ns = str(raw);
      if (ns !== undefined && /^\*+$/.test(ns)) {
        context.report({
          path: ['spec', 'sourceNamespaces', i],
          message: `AppProject "${resource.name}" accepts Applications from every namespace.`,
        });
      }
    });
  },
});
