import { defineRule } from '../../engine/index.js';
import { isObject } from '../../manifests/index.js';
import { appSpecOf, isProductionApp } from './_lib/argocd.js';

export default defineRule({
  id: 'argocd-app-auto-sync-production',
  title: 'Automated prune or self-heal on a production destination',
  severity: 'medium',
  category: 'argocd',
  description:
    'With `syncPolicy.automated` and `prune: true`, a commit that drops a manifest deletes the live resource in production with no human in the loop; `selfHeal: true` reverts every manual change, including an emergency fix, within seconds. On production a merged mistake (or a compromised repository) goes live at once. What counts as production comes from the `production` settings (namespaces, clusters, file paths).',
  remediation:
    'Sync production manually (remove `syncPolicy.automated`), or turn off `prune` and `selfHeal` there and protect the branch with required reviews.',
  references: { links: ['https://argo-cd.readthedocs.io/en/stable/user-guide/auto_sync/'] },
  match: (r) => appSpecOf(r) !== undefined,
  check(resource, context) {
    const app = appSpecOf(resource)!;
    const syncPolicy = app.spec.syncPolicy;
    if (!isObject(syncPolicy)) return;
    const automated = syncPolicy.automated;
    if (!isObject(automated) || automated.enabled === false || automated.enabled === 'false') return;
    const prune = automated.prune === true;
    const selfHeal = automated.selfHeal === true;
    if (!prune && !selfHeal) return;
    if (!isProductionApp(resource, app, context.options)) return;
    const what = prune && selfHeal ? 'prune and self-heal' : prune ? 'prune' : 'self-heal';
    context.report({
      path: [...app.path, 'syncPolicy', 'automated', prune ? 'prune' : 'selfHeal'],
      message: `${app.kind} "${resource.name}" syncs a production destination automatically with ${what}.`,
    });
  },
});
