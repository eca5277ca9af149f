import { isObject, type PathSegment } from '../manifests/index.js';

/**
 * Renders a path for humans and fingerprints. List items that have a `name` are named, not
 * numbered (`containers[name=app]`), so reordering containers does not change fingerprints.
 */
export function stablePath(object: unknown, path: readonly PathSegment[]): string {
  let out = '';
  let current: unknown = object;
  for (const segment of path) {
    if (typeof segment === 'number') {
      const item = Array.isArray(current) ? current[segment] : undefined;
      const name = isObject(item) && typeof item.name === 'string' ? item.name : undefined;
      out += name !== undefined ? `[name=${name}]` : `[${segment}]`;
      current = item;
    } else {
      out += out ? `.${segment}` : segment;
      current = isObject(current) ? current[segment] : undefined;
    }
  }
  return out;
}
