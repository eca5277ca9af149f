import { isObject, podSpecOf, type JsonObject, type Resource } from '../manifests/index.js';
import { re2 } from './cel.js';
import { VariableError } from './kyverno-variables.js';

/**
 * Kyverno's `images` variable: the image references of a pod's containers, parsed as
 * Kyverno's imageutils.GetImageInfo parses them (docker.io added to a reference without a
 * registry, `latest` when there is neither tag nor digest).
 */
export function imagesOf(resource: Resource): JsonObject | null {
  const pod = podSpecOf(resource);
  if (!pod) return null;
  const out: JsonObject = {};
  for (const list of ['initContainers', 'containers', 'ephemeralContainers'] as const) {
    const containers = pod.spec[list];
    if (!Array.isArray(containers) || containers.length === 0) continue;
    const byName: JsonObject = {};
    for (const c of containers) {
      if (isObject(c) && typeof c.name === 'string' && typeof c.image === 'string')
        byName[c.name] = imageInfo(c.image);
    }
    out[list] = byName;
  }
  return out;
}

/** The repository path grammar of distribution/reference (lowercase components). */
const PATH = '^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$';

export function imageInfo(image: string): JsonObject {
  let rest = image;
  const slash = rest.indexOf('/');
  const first = slash < 0 ? '' : rest.slice(0, slash);
  if (slash < 0 || (!/[.:]/.test(first) && first !== 'localhost' && first.toLowerCase() === first))
    rest = `docker.io/${rest}`;
  let digest = '';
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag = '';
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const registry = rest.slice(0, rest.indexOf('/'));
  const path = rest.slice(rest.indexOf('/') + 1);
  if (!re2(PATH).matcher(path).matches() || (tag && !/^[\w][\w.-]{0,127}$/.test(tag)))
    throw new VariableError(`the image ${JSON.stringify(image)} is not a valid reference`);
  if (!tag && !digest) tag = 'latest';
  const name = path.slice(path.lastIndexOf('/') + 1);
  const base = `${registry}/${path}`;
  return {
    registry,
    name,
    path,
    ...(tag ? { tag } : {}),
    ...(digest ? { digest } : {}),
    reference: digest ? `${base}@${digest}` : `${base}:${tag}`,
    ...(tag ? { referenceWithTag: `${base}:${tag}` } : {}),
  };
}
