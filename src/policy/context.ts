import { isDeepStrictEqual } from 'node:util';
import { resourceKey, type JsonObject, type Resource } from '../manifests/index.js';
import { RuntimeErrors } from './findings.js';
import { namespaceIndex } from './match.js';

/** What every compiled policy shares in one run: the base side, and where runtime errors go. */
export class PolicyContext {
  readonly runtime = new RuntimeErrors();
  private readonly baseByKey = new Map<string, Resource>();
  private namespaceCache?: { resources: readonly Resource[]; index: Map<string, Resource> };

  constructor(readonly baseResources: readonly Resource[]) {
    for (const r of baseResources)
      if (!r.isPatch && !this.baseByKey.has(resourceKey(r))) this.baseByKey.set(resourceKey(r), r);
  }

  /** The base version of a resource when it exists and differs (the change's old object); null otherwise. */
  oldObjectOf(resource: Resource): JsonObject | null {
    const base = this.baseByKey.get(resourceKey(resource));
    if (!base || base.object === resource.object || isDeepStrictEqual(base.object, resource.object))
      return null;
    return base.object;
  }

  /** Namespace manifests of the scanned tree and of the base side. */
  namespaces(current: readonly Resource[]): Map<string, Resource> {
    if (this.namespaceCache?.resources !== current)
      this.namespaceCache = { resources: current, index: namespaceIndex(current, this.baseResources) };
    return this.namespaceCache.index;
  }

  /** Resources that may hold policy parameters: base first (params belong to the policy's version), then the scanned tree. */
  paramCandidates(current: readonly Resource[]): Resource[] {
    return [...this.baseResources, ...current];
  }
}
