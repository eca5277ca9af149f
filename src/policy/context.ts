import { isDeepStrictEqual } from 'node:util';
import type { ResourceDependency } from '../engine/index.js';
import { resourceKey, resourcesOfKind, type JsonObject, type Resource } from '../manifests/index.js';
import { RuntimeErrors } from './findings.js';
import { namespaceIndex } from './match.js';

/** What every compiled policy shares in one run: the base side, and where runtime errors go. */
export class PolicyContext {
  readonly runtime = new RuntimeErrors();
  /** Previous versions by identity; a key can be in several files. */
  private readonly previousByKey = new Map<string, Resource[]>();
  /** One answer per resource (policies ask once per rule). */
  private readonly oldObjects = new WeakMap<Resource, JsonObject | null>();
  private namespaceCache?: { resources: readonly Resource[]; index: Map<string, Resource> };

  /**
   * `previousResources`: where a judged resource's old object comes from (the base versions of
   * the changed files in a diff; none in a scan, which changes nothing). Defaults to `baseResources`.
   */
  constructor(
    readonly baseResources: readonly Resource[],
    previousResources: readonly Resource[] = baseResources,
  ) {
    for (const r of previousResources) {
      if (r.isPatch) continue;
      const key = resourceKey(r);
      const list = this.previousByKey.get(key);
      if (list) list.push(r);
      else this.previousByKey.set(key, [r]);
    }
  }

  /**
   * The previous version of a resource when it exists and differs (the change's old object); null
   * otherwise. The previous version is the one of the same identity in the same file, else the only
   * one of that identity (a resource moved to another file); never that of another file when the
   * identity is in several (two overlays' copies of one resource are not versions of each other).
   */
  oldObjectOf(resource: Resource): JsonObject | null {
    const cached = this.oldObjects.get(resource);
    if (cached !== undefined) return cached;
    const candidates = this.previousByKey.get(resourceKey(resource));
    let old: JsonObject | null = null;
    if (candidates && !candidates.includes(resource)) {
      const previous =
        candidates.find((c) => c.file === resource.file) ??
        (candidates.length === 1 ? candidates[0] : undefined);
      if (
        previous &&
        previous.object !== resource.object &&
        !isDeepStrictEqual(previous.object, resource.object)
      )
        old = previous.object;
    }
    this.oldObjects.set(resource, old);
    return old;
  }

  /** Namespace manifests of the scanned tree and of the base side. */
  namespaces(current: readonly Resource[]): Map<string, Resource> {
    if (this.namespaceCache?.resources !== current)
      this.namespaceCache = { resources: current, index: namespaceIndex(current, this.baseResources) };
    return this.namespaceCache.index;
  }

  /** Resources of the params' kind: base first (params belong to the policy's version), then the scanned tree. */
  paramCandidates(current: readonly Resource[], group: string, kind: string): Resource[] {
    return [...resourcesOfKind(this.baseResources, group, kind), ...resourcesOfKind(current, group, kind)];
  }
}

/**
 * A policy reads the Namespace a resource is in (namespaceSelector, `namespaceObject`): a change
 * to its labels judges the unchanged resources of that namespace again (docs/diff.md).
 */
export const NAMESPACE_OF_RESOURCE: ResourceDependency = {
  kinds: ['/Namespace'],
  relation: {
    name: 'namespace',
    description: 'the Namespace it is in (`namespaceSelector`, `namespaceObject`)',
    links: (resource, namespace) => resource.namespace !== undefined && resource.namespace === namespace.name,
    needles: (resource) => (resource.namespace === undefined ? [] : [resource.namespace]),
    readerNeedles: (namespace) => [namespace.name],
  },
};
