import type { ResourceDependency } from '../../../engine/index.js';
import { indexOf, isObject, podSpecOf, type ContainerView, type Resource } from '../../../manifests/index.js';

export interface ImageRef {
  /** Registry host as written, or `docker.io` when the name has none. */
  registry: string;
  /** True when the registry was written in the reference. */
  explicitRegistry: boolean;
  /** Repository path without registry, tag or digest (`library/nginx` for `nginx`). */
  repository: string;
  /** The name as written, without tag and digest (what Kustomize `images[].name` matches). */
  name: string;
  tag?: string;
  digest?: string;
}

/**
 * Parses an image reference the way the container runtime does: the first component is a
 * registry when it contains `.` or `:` or is `localhost`; otherwise Docker Hub is implied.
 */
export function parseImage(image: string): ImageRef | undefined {
  const text = image.trim();
  if (text === '' || /\s/.test(text)) return undefined;
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const name = rest;
  const slash = rest.indexOf('/');
  const first = slash >= 0 ? rest.slice(0, slash) : '';
  const explicitRegistry =
    slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  let registry = explicitRegistry ? first.toLowerCase() : 'docker.io';
  let repository = explicitRegistry ? rest.slice(slash + 1) : rest;
  if (registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = 'docker.io';
  if (registry === 'docker.io' && !repository.includes('/')) repository = `library/${repository}`;
  return {
    registry,
    explicitRegistry,
    repository,
    name,
    ...(tag !== undefined && tag !== '' ? { tag } : {}),
    ...(digest !== undefined && digest !== '' ? { digest } : {}),
  };
}

/**
 * A Kustomization of the scan that rewrites this image (`images: [{name, newTag | digest}]`):
 * the tag written in the base manifest is then not what gets deployed. The first such entry in
 * scan order wins; the entries are indexed once per scan by name and by registry/repository.
 */
export function kustomizeImageOverride(
  resources: readonly Resource[],
  image: ImageRef,
): { tag?: string; digest?: string } | undefined {
  const index = indexOf(overrideIndexes, resources, () => buildOverrideIndex(resources));
  const byName = index.byName.get(image.name);
  const byRepository = index.byRepository.get(`${image.registry}/${image.repository}`);
  const first =
    byName && byRepository
      ? byName.order < byRepository.order
        ? byName
        : byRepository
      : (byName ?? byRepository);
  return first?.override;
}

interface Override {
  /** Position in scan order (Kustomizations in order, their entries in order). */
  order: number;
  override: { tag?: string; digest?: string };
}

const overrideIndexes = new WeakMap<
  readonly Resource[],
  { byName: Map<string, Override>; byRepository: Map<string, Override> }
>();

function buildOverrideIndex(resources: readonly Resource[]) {
  const byName = new Map<string, Override>();
  const byRepository = new Map<string, Override>();
  let order = 0;
  for (const r of resources) {
    if (r.kind !== 'Kustomization' || !r.group.startsWith('kustomize.config.k8s.io')) continue;
    const images = r.object.images;
    if (!Array.isArray(images)) continue;
    for (const entry of images) {
      if (!isObject(entry) || typeof entry.name !== 'string') continue;
      const newTag = entry.newTag === undefined || entry.newTag === null ? undefined : String(entry.newTag);
      const digest = typeof entry.digest === 'string' && entry.digest !== '' ? entry.digest : undefined;
      // An entry without a new tag or digest rewrites nothing: the search goes on past it.
      if (newTag === undefined && digest === undefined) continue;
      const found: Override = {
        order: order++,
        override: { ...(newTag ? { tag: newTag } : {}), ...(digest ? { digest } : {}) },
      };
      if (!byName.has(entry.name)) byName.set(entry.name, found);
      const named = parseImage(entry.name);
      const key = named && `${named.registry}/${named.repository}`;
      if (key !== undefined && !byRepository.has(key)) byRepository.set(key, found);
    }
  }
  return { byName, byRepository };
}

/** The containers of a pod-carrying resource whose image is a string that parses, with the parsed reference. */
export function* containerImages(
  resource: Resource,
): Generator<{ container: ContainerView; image: string; ref: ImageRef }> {
  for (const container of podSpecOf(resource)?.containers ?? []) {
    const image = container.container.image;
    if (typeof image !== 'string') continue;
    const ref = parseImage(image);
    if (ref) yield { container, image, ref };
  }
}

/** The names of a Kustomization's `images:` entries (what they rewrite). */
function overriddenNames(kustomization: Resource): string[] {
  const images = kustomization.object.images;
  if (!Array.isArray(images)) return [];
  return images.flatMap((entry) => (isObject(entry) && typeof entry.name === 'string' ? [entry.name] : []));
}

/** The last segment of an image's repository: written in every reference to it (`nginx` of `docker.io/library/nginx`). */
function lastSegment(ref: ImageRef): string {
  return ref.repository.slice(ref.repository.lastIndexOf('/') + 1);
}

/** A workload reads the Kustomizations whose `images:` rewrite one of its images (kustomizeImageOverride). */
export const IMAGE_OVERRIDES: ResourceDependency = {
  kinds: ['kustomize.config.k8s.io/Kustomization'],
  relation: {
    name: 'image',
    description: 'the Kustomizations (`kustomization.yaml`) whose `images:` name one of its images',
    links(workload, kustomization) {
      const names = overriddenNames(kustomization).flatMap((name) => {
        const ref = parseImage(name);
        return ref ? [name, `${ref.registry}/${ref.repository}`] : [name];
      });
      if (names.length === 0) return false;
      for (const { ref } of containerImages(workload))
        if (names.includes(ref.name) || names.includes(`${ref.registry}/${ref.repository}`)) return true;
      return false;
    },
    needles: (workload) => [...containerImages(workload)].map(({ ref }) => lastSegment(ref)),
    readerNeedles: (kustomization) =>
      overriddenNames(kustomization).flatMap((name) => {
        const ref = parseImage(name);
        return ref ? [lastSegment(ref)] : [name];
      }),
  },
};
