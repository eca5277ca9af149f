import * as z from 'zod';
import { defineRule } from '../../engine/index.js';
import { isObject } from '../../manifests/index.js';
import { effectiveNamespace, FOLDER_NAMESPACE, FLUX_MULTI_TENANCY_DOCS, isFluxKind } from './_lib/flux.js';

export default defineRule({
  id: 'flux-missing-service-account',
  title: 'Tenant Kustomization or HelmRelease without a service account',
  severity: 'medium',
  category: 'flux',
  description:
    "A Flux Kustomization or HelmRelease without `spec.serviceAccountName` is applied with the controller's own identity, which is cluster-admin, unless the controllers run with `--default-service-account`. Outside the Flux system namespace that lets a tenant's repository create anything anywhere in the cluster. This is the multi-tenancy lockdown that Flux's reference multi-tenancy setup enforces with a policy.",
  remediation:
    "Set `spec.serviceAccountName` to a service account bound to the tenant's namespaces, and run the controllers with `--default-service-account`.",
  references: {
    links: [
      FLUX_MULTI_TENANCY_DOCS,
      'https://fluxcd.io/flux/components/kustomize/kustomizations/#role-based-access-control',
    ],
  },
  parameters: z.object({ systemNamespaces: z.array(z.string()).default(['flux-system']) }),
  dependsOn: [FOLDER_NAMESPACE],
  match: (r) => isFluxKind(r, 'kustomize', 'Kustomization') || isFluxKind(r, 'helm', 'HelmRelease'),
  check(resource, context) {
    const spec = resource.object.spec;
    if (!isObject(spec)) return;
    const namespace = effectiveNamespace(resource, context.resources);
    if (!namespace || (context.params.systemNamespaces ?? []).includes(namespace)) return;
    if (isObject(spec.kubeConfig)) return; // applied to a remote cluster with that kubeconfig's identity
    const sa = spec.serviceAccountName;
    if (typeof sa === 'string' && sa.trim() !== '') return;
    context.report({
      path: ['spec', 'serviceAccountName'],
      missing: sa === undefined,
      message: `${resource.kind} "${resource.name}" in namespace "${namespace}" sets no serviceAccountName, so it is applied with the controller's cluster-wide permissions.`,
    });
  },
});
