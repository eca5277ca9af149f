import type { ResourceRef } from '../model/index.js';
import type { SourceDocument } from './source-document.js';

export type PathSegment = string | number;
export type JsonObject = Record<string, unknown>;

/** One Kubernetes object found in a file: the plain parsed value plus where it came from. */
export interface Resource extends ResourceRef {
  /** API group ('' for the core group), derived from apiVersion. */
  group: string;
  version: string;
  /** The parsed object. Never mutate it: rules share it. */
  object: JsonObject;
  file: string;
  /** Index of the YAML document inside its file (0-based). */
  documentIndex: number;
  /** Path of the object inside its document: [] or ['items', 3] for `kind: List` items. */
  basePath: PathSegment[];
  source: SourceDocument;
  /** A Kustomize patch is a partial resource: rules must not report missing fields in it. */
  isPatch?: boolean;
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/**
 * Identity used to match a resource across files and versions (the version of the API does not
 * matter). A resource without a name (a kustomization.yaml) is identified by its file: two
 * nameless resources in different files are different resources, never one that moved.
 */
export function resourceKey(
  r: Pick<ResourceRef, 'apiVersion' | 'kind' | 'namespace' | 'name'> & { file?: string },
): string {
  const { group } = splitApiVersion(r.apiVersion);
  return `${group}/${r.kind}/${r.namespace ?? ''}/${r.name || (r.file !== undefined ? `@file:${r.file}` : '')}`;
}

export function describeResource(r: Pick<ResourceRef, 'kind' | 'namespace' | 'name'>): string {
  return r.namespace ? `${r.kind} ${r.namespace}/${r.name}` : `${r.kind} ${r.name}`;
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a nested value; undefined when any step is missing. */
export function getIn(value: unknown, path: readonly PathSegment[]): unknown {
  let current: unknown = value;
  for (const segment of path) {
    if (typeof segment === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[segment];
    } else {
      if (!isObject(current)) return undefined;
      current = current[segment];
    }
  }
  return current;
}

export function annotationsOf(object: JsonObject): Record<string, string> {
  const metadata = object.metadata;
  if (!isObject(metadata) || !isObject(metadata.annotations)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(metadata.annotations)) if (typeof v === 'string') out[k] = v;
  return out;
}

export function labelsOf(object: JsonObject): Record<string, string> {
  const metadata = object.metadata;
  if (!isObject(metadata) || !isObject(metadata.labels)) return {};
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(metadata.labels)) if (typeof v === 'string') out[k] = v;
  return out;
}
