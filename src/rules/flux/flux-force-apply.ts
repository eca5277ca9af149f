import { defineRule } from '../../engine/index.js';
import { getIn, type PathSegment } from '../../manifests/index.js';
import { isTrue } from '../argocd/_lib/argocd.js';
import { isFluxKind } from './_lib/flux.js';

export default defineRule({
  id: 'flux-force-apply',
  title: 'Flux force-recreates resources',
  severity: 'low',
  category: 'flux',
  description:
    '`force: true` on a Kustomization (or `upgrade.force` on a HelmRelease) makes Flux delete and recreate any object whose change is rejected, for example an immutable field: a bad commit then causes downtime, and data loss for objects whose deletion is destructive (PersistentVolumeClaims, Jobs). In a shared cluster it also lets a tenant replace objects instead of failing.',
  remediation:
    'Remove `force: true`; recreate the rare object that needs it by hand, or mark that object with `kustomize.toolkit.fluxcd.io/force: enabled`.',
  references: {
    links: [
      'https://fluxcd.io/flux/components/kustomize/kustomizations/#force',
      'https://fluxcd.io/flux/components/helm/helmreleases/',
    ],
  },
  match: (r) => isFluxKind(r, 'kustomize', 'Kustomization') || isFluxKind(r, 'helm', 'HelmRelease'),
  check(resource, context) {
    const paths: PathSegment[][] =
      resource.kind === 'Kustomization'
        ? [['spec', 'force']]
        : [
            ['spec', 'upgrade', 'force'],
            ['spec', 'rollback', 'force'],
          ];
    for (const path of paths) {
      if (getIn(resource.object, path) === true || isTrue(getIn(resource.object, path))) {
        context.report({
          path,
          message: `${resource.kind} "${resource.name}" force-recreates objects that fail to apply.`,
        });
      }
    }
  },
});
