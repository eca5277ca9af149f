import type { Resource } from './resource.js';

/**
 * Lookups across the resources of one run, so that no rule scans every resource for every
 * workload: each index is built once per resources list (the scan's), on first use, and keeps
 * the list's order (the first match wins, as a scan in order would find it).
 */
const byKind = new WeakMap<readonly Resource[], Map<string, Resource[]>>();
const byKindAndName = new WeakMap<readonly Resource[], Map<string, Resource[]>>();

/** The resources of `group`/`kind` among `resources`, in order. */
export function resourcesOfKind(
  resources: readonly Resource[],
  group: string,
  kind: string,
): readonly Resource[] {
  return grouped(byKind, resources, (r) => `${r.group}/${r.kind}`).get(`${group}/${kind}`) ?? [];
}

/** The resources of `group`/`kind` named `name` among `resources`, in order. */
export function resourcesNamed(
  resources: readonly Resource[],
  group: string,
  kind: string,
  name: string,
): readonly Resource[] {
  return (
    grouped(byKindAndName, resources, (r) => `${r.group}/${r.kind}/${r.name}`).get(
      `${group}/${kind}/${name}`,
    ) ?? []
  );
}

/**
 * An index of its own over `resources`, built once by `build` and kept as long as the list
 * lives (a rule's lookup: Kustomize image overrides by name, Kustomizations by folder).
 */
export function indexOf<T>(
  cache: WeakMap<readonly Resource[], T>,
  resources: readonly Resource[],
  build: () => T,
): T {
  let index = cache.get(resources);
  if (index === undefined) cache.set(resources, (index = build()));
  return index;
}

function grouped(
  cache: WeakMap<readonly Resource[], Map<string, Resource[]>>,
  resources: readonly Resource[],
  keyOf: (r: Resource) => string,
): Map<string, Resource[]> {
  return indexOf(cache, resources, () => {
    const index = new Map<string, Resource[]>();
    for (const r of resources) {
      const key = keyOf(r);
      const list = index.get(key);
      if (list) list.push(r);
      else index.set(key, [r]);
    }
    return index;
  });
}
