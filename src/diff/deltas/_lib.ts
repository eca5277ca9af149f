import { getIn, isObject, type JsonObject, type PathSegment, type Resource } from '../../manifests/index.js';

export function isKind(resource: Resource, group: string, kinds: readonly string[]): boolean {
  return resource.group === group && kinds.includes(resource.kind);
}

/** The objects of a list field (non-objects skipped), with their indexes. */
export function objectsAt(
  object: JsonObject,
  path: readonly PathSegment[],
): Array<{ item: JsonObject; index: number }> {
  const list = getIn(object, path);
  if (!Array.isArray(list)) return [];
  return list.flatMap((item, index) => (isObject(item) ? [{ item, index }] : []));
}

/** The strings of a list field. */
export function stringsAt(value: unknown, path: readonly PathSegment[] = []): string[] {
  const list = path.length ? getIn(value, path) : value;
  return Array.isArray(list) ? list.filter((v): v is string => typeof v === 'string') : [];
}

export function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function quoteList(items: readonly string[], max = 6): string {
  const shown = items.slice(0, max).map((i) => `\`${i}\``);
  return items.length > max ? `${shown.join(', ')} and ${items.length - max} more` : shown.join(', ');
}
