import { posix } from 'node:path';
import { isObject, type Resource } from './resource.js';

/**
 * Marks resources that live in files a kustomization.yaml lists as patches (among `resources`,
 * or in `knownPatchFiles` from kustomizations loaded elsewhere). A patch is a partial resource:
 * a missing field there is not missing from the result.
 */
export function markKustomizePatches(
  resources: Resource[],
  knownPatchFiles: ReadonlySet<string> = new Set(),
): void {
  const patchFiles = new Set([...kustomizePatchFiles(resources), ...knownPatchFiles]);
  if (patchFiles.size === 0) return;
  for (const r of resources)
    if (patchFiles.has(posix.normalize(r.file.replace(/\\/g, '/')))) r.isPatch = true;
}

/** The files the Kustomizations among `resources` list as patches (paths relative to the repository root). */
export function kustomizePatchFiles(resources: readonly Resource[]): Set<string> {
  const patchFiles = new Set<string>();
  for (const r of resources) {
    if (r.kind !== 'Kustomization' || !r.group.startsWith('kustomize.config.k8s.io')) continue;
    const dir = posix.dirname(r.file.replace(/\\/g, '/'));
    const add = (p: unknown) => {
      if (typeof p === 'string' && !p.includes('\n')) patchFiles.add(posix.normalize(posix.join(dir, p)));
    };
    const o = r.object;
    if (Array.isArray(o.patchesStrategicMerge)) o.patchesStrategicMerge.forEach(add);
    for (const key of ['patches', 'patchesJson6902']) {
      const list = o[key];
      if (Array.isArray(list)) for (const item of list) if (isObject(item)) add(item.path);
    }
  }
  return patchFiles;
}
