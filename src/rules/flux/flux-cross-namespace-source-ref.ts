import * as z from 'zod';
import { defineRule } from '../../engine/index.js';
import { getIn, isObject, type PathSegment } from '../../manifests/index.js';
import {
  effectiveNamespace,
  FOLDER_NAMESPACE,
  FLUX_MULTI_TENANCY_DOCS,
  isFluxKind,
  refNamespace,
} from './_lib/flux.js';

export default defineRule({
  id: 'flux-cross-namespace-source-ref',
  title: 'Flux source reference to another namespace',
  severity: 'medium',
  category: 'flux',
  description:
    "A Kustomization `sourceRef`, or a HelmRelease `chart.spec.sourceRef` or `chartRef`, that names another namespace lets a tenant consume sources it does not own, including the platform's own repositories and their credentials. Flux's multi-tenancy lockdown (`--no-cross-namespace-refs`) rejects such references; a policy in the reference multi-tenancy setup requires the source to be in the object's own namespace.",
  remediation:
    'Create the source in the same namespace as the Kustomization or HelmRelease and drop `namespace` from the reference; run the controllers with `--no-cross-namespace-refs=true`.',
  references: { links: [FLUX_MULTI_TENANCY_DOCS] },
  parameters: z.object({ systemNamespaces: z.array(z.string()).default(['flux-system']) }),
  dependsOn: [FOLDER_NAMESPACE],
  match: (r) => isFluxKind(r, 'kustomize', 'Kustomization') || isFluxKind(r, 'helm', 'HelmRelease'),
  check(resource, context) {
    const namespace = effectiveNamespace(resource, context.resources);
    if (!namespace || (context.params.systemNamespaces ?? []).includes(namespace)) return;
    const refs: PathSegment[][] =
      resource.kind === 'Kustomization'
        ? [['spec', 'sourceRef']]
        : [
            ['spec', 'chart', 'spec', 'sourceRef'],
            ['spec', 'chartRef'],
          ];
    for (const path of refs) {
      const ref = getIn(resource.object, path);
      if (!isObject(ref)) continue;
      const target = refNamespace(ref);
      if (!target || target === namespace) continue;
      context.report({
        path: [...path, 'namespace'],
        message: `${resource.kind} "${resource.name}" in namespace "${namespace}" uses a source from namespace "${target}".`,
      });
    }
  },
});
