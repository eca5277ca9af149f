import { posix } from 'node:path';
import type { ResourceDependency } from '../../../engine/index.js';
import { indexOf, isObject, resourcesOfKind, type Resource } from '../../../manifests/index.js';

export const FLUX_SECURITY_DOCS = 'https://fluxcd.io/flux/security/';
export const FLUX_MULTI_TENANCY_DOCS = 'https://fluxcd.io/flux/installation/configuration/multitenancy/';

export type FluxApi = 'source' | 'kustomize' | 'helm' | 'notification' | 'image';

export function isFluxKind(resource: Resource, api: FluxApi, ...kinds: string[]): boolean {
  return (
    resource.group === `${api}.toolkit.fluxcd.io` && (kinds.length === 0 || kinds.includes(resource.kind))
  );
}

/** A kustomize.config.k8s.io Kustomization (a kustomization.yaml file), not Flux's. */
export function isKustomizeFile(resource: Resource): boolean {
  return resource.kind === 'Kustomization' && resource.group === 'kustomize.config.k8s.io';
}

const dirOf = (file: string) => posix.dirname(file.replace(/\\/g, '/'));

/**
 * The namespace a resource lands in: its own `metadata.namespace`, else the `namespace:` of a
 * kustomization.yaml in the same folder (kustomize sets it on every resource it builds).
 * Undefined when unknown.
 */
export function effectiveNamespace(resource: Resource, resources: readonly Resource[]): string | undefined {
  if (resource.namespace) return resource.namespace;
  return indexOf(kustomizeNamespaces, resources, () => {
    const byDir = new Map<string, string>();
    for (const r of resourcesOfKind(resources, 'kustomize.config.k8s.io', 'Kustomization')) {
      const ns = r.object.namespace;
      const dir = dirOf(r.file);
      if (typeof ns === 'string' && ns.trim() !== '' && !byDir.has(dir)) byDir.set(dir, ns.trim());
    }
    return byDir;
  }).get(dirOf(resource.file));
}

/** The `namespace:` of the first kustomization.yaml of each folder that sets one, per scan. */
const kustomizeNamespaces = new WeakMap<readonly Resource[], Map<string, string>>();

/** The namespace of a cross-object reference (`sourceRef`, `chartRef`), when it names one. */
export function refNamespace(ref: unknown): string | undefined {
  if (!isObject(ref)) return undefined;
  const ns = ref.namespace;
  return typeof ns === 'string' && ns.trim() !== '' ? ns.trim() : undefined;
}

/** A Flux resource without a namespace reads the `namespace:` of the kustomization.yaml of its folder (effectiveNamespace). */
export const FOLDER_NAMESPACE: ResourceDependency = {
  kinds: ['kustomize.config.k8s.io/Kustomization'],
  relation: {
    name: 'folder',
    description: 'the `namespace:` of the kustomization.yaml in its folder, when it sets none itself',
    links: (resource, kustomization) =>
      !resource.namespace && dirOf(resource.file) === dirOf(kustomization.file),
    needles: () => undefined,
    // Its readers are Flux resources: their apiVersion names fluxcd.io.
    readerNeedles: () => ['fluxcd.io'],
  },
};
