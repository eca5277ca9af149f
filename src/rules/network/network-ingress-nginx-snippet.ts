import { defineRule } from '../../engine/index.js';
import { annotationsOf } from '../../manifests/index.js';

const PREFIX = 'nginx.ingress.kubernetes.io/';

/** `nginx.ingress.kubernetes.io/<name>-snippet`: configuration-, server-, auth-, stream-, modsecurity-snippet and any later one. */
function isSnippetAnnotation(key: string): boolean {
  return key.startsWith(PREFIX) && key.endsWith('-snippet') && key.length > PREFIX.length + '-snippet'.length;
}

export default defineRule({
  id: 'network-ingress-nginx-snippet',
  title: 'ingress-nginx snippet annotations',
  severity: 'high',
  category: 'network',
  description:
    'Snippet annotations (`nginx.ingress.kubernetes.io/configuration-snippet`, `server-snippet`, `auth-snippet` and the others) paste raw NGINX configuration into the controller, which runs with a token that reads every Secret of the cluster. Whoever can create an Ingress can use them to read that token or any file of the controller (CVE-2021-25742) or, through Lua and other directives, run code in it (CVE-2025-1974 and its relatives). ingress-nginx turned them off by default in v1.9.0 (`allow-snippet-annotations: false`); an Ingress that needs them requires that protection to be off for everyone.',
  remediation:
    'Remove the snippet annotation and use the dedicated annotations or a ConfigMap setting owned by the cluster administrators; keep `allow-snippet-annotations` false on the controller.',
  references: {
    checkov: ['CKV_K8S_153'],
    links: [
      'https://github.com/kubernetes/ingress-nginx/issues/7837',
      'https://kubernetes.github.io/ingress-nginx/user-guide/nginx-configuration/annotations/#configuration-snippet',
    ],
  },
  match: (resource) =>
    resource.kind === 'Ingress' &&
    (resource.group === 'networking.k8s.io' || resource.group === 'extensions'),
  check(resource, context) {
    for (const key of Object.keys(annotationsOf(resource.object))) {
      if (!isSnippetAnnotation(key)) continue;
      context.report({
        path: ['metadata', 'annotations', key],
        key,
        message: `Ingress ${resource.name} sets ${key}: raw NGINX configuration in the ingress controller (CVE-2021-25742).`,
      });
    }
  },
});
