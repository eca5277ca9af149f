import { defineRule } from '../../engine/index.js';
import { podSpecOf } from '../../manifests/index.js';
import { ARGOCD_SECURITY_DOCS, configMapData, isTrue } from './_lib/argocd.js';

function disableAuthArg(args: unknown): number {
  if (!Array.isArray(args)) return -1;
  return args.findIndex((a) => typeof a === 'string' && /^--disable-auth(=(true|1))?$/i.test(a.trim()));
}

export default defineRule({
  id: 'argocd-auth-disabled',
  title: 'Argo CD API server authentication disabled',
  severity: 'critical',
  category: 'argocd',
  description:
    '`server.disable.auth: "true"` in argocd-cmd-params-cm (or `--disable-auth` on argocd-server) turns off authentication on the Argo CD API and UI: anyone who can reach the server is an administrator of Argo CD and of every cluster it deploys to.',
  remediation:
    'Remove `server.disable.auth` from argocd-cmd-params-cm (and `--disable-auth` from argocd-server) and put SSO in front of Argo CD.',
  references: {
    links: [
      ARGOCD_SECURITY_DOCS,
      'https://argo-cd.readthedocs.io/en/stable/operator-manual/argocd-cmd-params-cm-yaml/',
    ],
  },
  match: (r) =>
    configMapData(r, 'argocd-cmd-params-cm') !== undefined ||
    (r.name === 'argocd-server' && podSpecOf(r) !== undefined),
  check(resource, context) {
    const data = configMapData(resource, 'argocd-cmd-params-cm');
    if (data) {
      if (isTrue(data['server.disable.auth'])) {
        context.report({
          path: ['data', 'server.disable.auth'],
          message: 'Authentication of the Argo CD API server is disabled.',
          fix: {
            kind: 'replace-value',
            description: 'Enable authentication',
            path: ['data', 'server.disable.auth'],
            value: '"false"',
          },
        });
      }
      return;
    }
    const pod = podSpecOf(resource);
    if (!pod) return;
    for (const c of pod.containers) {
      for (const field of ['command', 'args'] as const) {
        const i = disableAuthArg(c.container[field]);
        if (i >= 0)
          context.report({
            path: [...c.path, field, i],
            message: `Container "${c.name}" runs argocd-server with authentication disabled.`,
          });
      }
    }
  },
});
