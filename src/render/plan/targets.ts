import { posix } from 'node:path';
import { argoSources } from './argo-sources.js';
import { globMatch } from '../../model/index.js';
import {
  describeResource,
  isObject,
  loadManifestFile,
  type JsonObject,
  type PathSegment,
  type Resource,
} from '../../manifests/index.js';
import { buildClosure, isDirectory, resolveInRepo, type BuildClosure, type RepoView } from './closure.js';
import type { HelmPlan } from './helm-chart.js';
import { discoverHelmTargets, type HelmSettings } from './helm-targets.js';
import {
  isKustomizationFile,
  kustomizationFileIn,
  readKustomization,
  readPatches,
  type ImageEntry,
  type PatchEntry,
  type SourceRef,
} from './kustomization.js';

/** What a controller adds on top of `kustomize build` (Flux Kustomization spec, Argo CD source.kustomize). */
interface ControllerTransforms {
  namespace?: { value: string; at: SourceRef };
  namePrefix?: string;
  nameSuffix?: string;
  patches: PatchEntry[];
  images: ImageEntry[];
  /** Component folders, repository-relative. */
  components: string[];
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** Flux postBuild: variables known offline, and what could not be resolved. */
  substitute?: { vars: Record<string, string>; notes: string[] };
  /** Flux builds without kustomize's load restrictions (inside the source); Argo CD and plain kustomize keep them. */
  loadRestrictionsNone: boolean;
}

export interface RenderTarget {
  /** Folder rendered, repository-relative POSIX ('' for the root). */
  dir: string;
  /** How the target is shown: `clusters/prod (Flux Kustomization flux-system/apps)`. */
  label: string;
  /**
   * What deploys it, the same on base and head when only the folder changes (a Flux Kustomization's
   * `spec.path`, an Argo CD source's `path`): a change compares the old output with the new. See targetIdentity.
   */
  identity?: string;
  by: { kind: 'flux' | 'argocd' | 'overlay' | 'chart'; resource?: Resource };
  transforms: ControllerTransforms;
  closure: BuildClosure;
  /** Set for a Helm target: `helm template` of a chart with a consumer's values (docs/rendering.md#helm). */
  helm?: HelmPlan;
  /** `render.remoteBases` when the target's closure has remote bases it allows: their own remote bases follow it too. */
  remoteBases?: readonly string[];
  /**
   * A HelmRelease's target whose file Kustomize targets include (their labels): it is rendered from
   * each one's rendered HelmRelease instead (helm-in-kustomize.ts), after their transformations.
   */
  within?: string[];
}

export interface TargetSettings {
  /** URLs this repository is known by; a Flux GitRepository / Argo CD repoURL must match one. Empty: any source whose path exists here. */
  repoURLs?: readonly string[];
  helm?: HelmSettings;
  /** `render.remoteBases`: URL prefixes of Kustomize remote bases that may be fetched (none by default). */
  remoteBases?: readonly string[];
}

const FLUX_KUSTOMIZATION_GROUP = 'kustomize.toolkit.fluxcd.io';

function emptyTransforms(loadRestrictionsNone: boolean): ControllerTransforms {
  return { patches: [], images: [], components: [], labels: {}, annotations: {}, loadRestrictionsNone };
}

/** The YAML resources of a repository (Flux Kustomizations, Argo CD Applications, ConfigMaps), for finding targets. */
export function repositoryResources(repo: RepoView): Resource[] {
  const out: Resource[] = [];
  for (const path of repo.paths) {
    if (!/\.(ya?ml|json)$/.test(path)) continue;
    const text = repo.read(path);
    if (text === undefined || !/\bkind:/.test(text)) continue;
    out.push(...loadManifestFile(path, text).resources);
  }
  return out;
}

/**
 * The targets a repository deploys: every path a Flux Kustomization or an Argo CD
 * Application / ApplicationSet source deploys from this repository, plus every
 * kustomization that nothing includes (the top overlays) not already inside one.
 */
export function discoverTargets(
  repo: RepoView,
  resources: readonly Resource[],
  settings: TargetSettings = {},
): RenderTarget[] {
  const targets: RenderTarget[] = [];
  const configMaps = resources.filter((r) => r.kind === 'ConfigMap' && r.group === '');
  const { gitRepos, urlIsOurs, isOurSource } = sourceOwnership(resources, settings);
  const seen = new Set<string>();
  for (const r of resources) {
    if (r.kind === 'Kustomization' && r.group === FLUX_KUSTOMIZATION_GROUP) {
      const spec = isObject(r.object.spec) ? r.object.spec : {};
      const sourceRef = isObject(spec.sourceRef) ? spec.sourceRef : {};
      if (sourceRef.kind !== 'GitRepository') continue;
      const sourceNs = typeof sourceRef.namespace === 'string' ? sourceRef.namespace : r.namespace;
      const source = gitRepos.find(
        (g) => g.name === sourceRef.name && (g.namespace ?? sourceNs) === sourceNs,
      );
      if (!isOurSource(source, sourceRef.name)) continue;
      const dir = resolveInRepo('', typeof spec.path === 'string' ? spec.path : '.');
      if (dir === undefined || !isDirectory(repo, dir)) continue;
      // Several clusters often deploy the same path the same way: render it once.
      const key = `${dir}\u0000${JSON.stringify([spec.patches, spec.images, spec.targetNamespace, spec.namePrefix, spec.nameSuffix, spec.components, spec.commonMetadata, spec.postBuild])}`;
      if (seen.has(key)) continue;
      seen.add(key);
      targets.push(
        makeTarget(
          repo,
          dir,
          { kind: 'flux', resource: r },
          fluxTransforms(r, spec, repo, configMaps),
          true,
          {
            identity: `Flux Kustomization ${r.namespace ?? ''}/${r.name ?? ''}`,
            remoteBases: settings.remoteBases,
          },
        ),
      );
    }
    if ((r.kind === 'Application' || r.kind === 'ApplicationSet') && r.group === 'argoproj.io') {
      const spec = isObject(r.object.spec) ? r.object.spec : {};
      for (const { source, path } of argoSources(r)) {
        if (typeof source.path !== 'string' || source.chart !== undefined || !urlIsOurs(source.repoURL))
          continue;
        const templated = source.path.includes('{{');
        const dirs = templated ? applicationSetDirs(spec, repo) : [resolveInRepo('', source.path)];
        for (const dir of dirs) {
          if (
            dir === undefined ||
            !isDirectory(repo, dir) ||
            !kustomizationFileIn(dir, (p) => repo.paths.has(p))
          )
            continue;
          targets.push(
            makeTarget(
              repo,
              dir,
              { kind: 'argocd', resource: r },
              argoTransforms(r, source, path, dir),
              false,
              {
                // One Application's source is one target whatever its path; an ApplicationSet's generated paths are one each.
                identity: `Argo CD ${r.kind} ${r.namespace ?? ''}/${r.name ?? ''} ${path.slice(-2).join(' ')}${templated ? ` ${dir}` : ''}`,
                remoteBases: settings.remoteBases,
              },
            ),
          );
        }
      }
    }
  }
  const covered = new Set<string>();
  for (const t of targets) for (const f of t.closure.files) covered.add(f);
  for (const dir of topOverlays(repo)) {
    const file = kustomizationFileIn(dir, (p) => repo.paths.has(p))!;
    if (covered.has(file)) continue;
    targets.push(
      makeTarget(repo, dir, { kind: 'overlay' }, emptyTransforms(false), false, {
        remoteBases: settings.remoteBases,
      }),
    );
  }
  const kustomizeTargets = [...targets];
  for (const h of discoverHelmTargets(repo, resources, settings, helmSourceOwnership(resources, settings))) {
    const file = h.by.kind === 'flux' ? h.by.resource?.file : undefined;
    const within = file ? kustomizeTargets.filter((k) => k.closure.files.has(file)).map((k) => k.label) : [];
    targets.push(within.length ? { ...h, within } : h);
  }
  return targets;
}

/** Which Flux sources and Argo CD repoURLs are this repository, for Helm consumers. */
export function helmSourceOwnership(resources: readonly Resource[], settings: TargetSettings) {
  const { gitRepos, urlIsOurs, isOurSource } = sourceOwnership(resources, settings);
  return {
    isOurGitRepository: (ref: JsonObject, namespace: string | undefined) => {
      const ns = typeof ref.namespace === 'string' ? ref.namespace : namespace;
      const source = gitRepos.find((g) => g.name === ref.name && (g.namespace ?? ns) === ns);
      return isOurSource(source, ref.name);
    },
    isOurUrl: urlIsOurs,
  };
}

/** Which Flux GitRepositories and Argo CD repoURLs are this repository (see docs/rendering.md#targets). */
function sourceOwnership(resources: readonly Resource[], settings: TargetSettings) {
  const gitRepos = resources.filter(
    (r) => r.kind === 'GitRepository' && r.group === 'source.toolkit.fluxcd.io',
  );
  const urlIsOurs = (url: unknown) =>
    !settings.repoURLs?.length ||
    (typeof url === 'string' && settings.repoURLs.some((u) => sameRepoUrl(u, url)));
  // Without configured URLs, this repository is the one Flux was bootstrapped from: the `flux-system` GitRepository (and any with its URL).
  const bootstrapUrls = gitRepos
    .filter((g) => g.name === 'flux-system')
    .map((g) => (isObject(g.object.spec) ? g.object.spec.url : undefined))
    .filter((u): u is string => typeof u === 'string');
  const isOurSource = (source: Resource | undefined, name: unknown) => {
    const url = isObject(source?.object.spec) ? source.object.spec.url : undefined;
    if (settings.repoURLs?.length) return urlIsOurs(url);
    return (
      name === 'flux-system' || (typeof url === 'string' && bootstrapUrls.some((u) => sameRepoUrl(u, url)))
    );
  };
  return { gitRepos, urlIsOurs, isOurSource };
}

/** A Flux Kustomization or Argo CD source that deploys something this repository does not hold: said, never silent. */
export interface UnrenderedSource {
  resource: Resource;
  /** Where the source is named (`spec.sourceRef`, `spec.source`). */
  path: PathSegment[];
  message: string;
}

/**
 * The Flux Kustomizations whose source is an OCIRepository, a Bucket, an ExternalArtifact or
 * another repository's GitRepository, and the Argo CD path sources of another repository (or of
 * a path that is not here): what they deploy is not rendered, because it is not in this repository.
 */
export function unrenderedSources(
  repo: RepoView,
  resources: readonly Resource[],
  settings: TargetSettings = {},
): UnrenderedSource[] {
  const { gitRepos, urlIsOurs, isOurSource } = sourceOwnership(resources, settings);
  const out: UnrenderedSource[] = [];
  for (const r of resources) {
    const spec = isObject(r.object.spec) ? r.object.spec : {};
    if (r.kind === 'Kustomization' && r.group === FLUX_KUSTOMIZATION_GROUP) {
      const sourceRef = isObject(spec.sourceRef) ? spec.sourceRef : {};
      const kind = typeof sourceRef.kind === 'string' ? sourceRef.kind : 'source';
      const name = typeof sourceRef.name === 'string' ? sourceRef.name : '';
      const what = `Flux Kustomization ${describeResource(r).replace(/^\S+ /, '')} deploys ${typeof spec.path === 'string' ? spec.path : '.'} of ${kind} ${name}`;
      const at: PathSegment[] = [...r.basePath, 'spec', 'sourceRef'];
      if (kind !== 'GitRepository') {
        out.push({
          resource: r,
          path: at,
          message: `${what}: not rendered, because the source is not this repository.`,
        });
        continue;
      }
      const sourceNs = typeof sourceRef.namespace === 'string' ? sourceRef.namespace : r.namespace;
      const source = gitRepos.find(
        (g) => g.name === sourceRef.name && (g.namespace ?? sourceNs) === sourceNs,
      );
      if (!isOurSource(source, sourceRef.name))
        out.push({
          resource: r,
          path: at,
          message: `${what}: not rendered, because the source is not this repository.`,
        });
      else {
        const dir = resolveInRepo('', typeof spec.path === 'string' ? spec.path : '.');
        if (dir === undefined || !isDirectory(repo, dir))
          out.push({
            resource: r,
            path: [...r.basePath, 'spec', 'path'],
            message: `${what}: not rendered, because the path is not a folder of this repository.`,
          });
      }
    }
    if ((r.kind === 'Application' || r.kind === 'ApplicationSet') && r.group === 'argoproj.io') {
      for (const { source, path } of argoSources(r)) {
        if (typeof source.path !== 'string' || source.chart !== undefined || source.path.includes('{{'))
          continue;
        const what = `Argo CD ${r.kind} ${describeResource(r).replace(/^\S+ /, '')} deploys ${source.path} of ${typeof source.repoURL === 'string' ? source.repoURL : 'its repository'}`;
        const dir = resolveInRepo('', source.path);
        if (!urlIsOurs(source.repoURL))
          out.push({
            resource: r,
            path: [...r.basePath, ...path],
            message: `${what}: not rendered, because the source is not this repository.`,
          });
        else if (dir === undefined || !isDirectory(repo, dir))
          out.push({
            resource: r,
            path: [...r.basePath, ...path, 'path'],
            message: `${what}: not rendered, because the path is not a folder of this repository (another repository's, or a mistake).`,
          });
      }
    }
  }
  return out;
}

function makeTarget(
  repo: RepoView,
  dir: string,
  by: RenderTarget['by'],
  transforms: ControllerTransforms,
  generateWhenMissing: boolean,
  extra: { identity?: string; remoteBases?: readonly string[] } = {},
): RenderTarget {
  const closure = buildClosure(dir, repo, undefined, { generateWhenMissing, remoteBases: extra.remoteBases });
  for (const c of transforms.components) {
    const sub = buildClosure(c, repo, undefined, { remoteBases: extra.remoteBases });
    closure.remotes.push(...sub.remotes);
    for (const f of sub.files) closure.files.add(f);
    for (const [k, v] of sub.kustomizations)
      if (!closure.kustomizations.has(k))
        closure.kustomizations.set(k, { ...v, includedBy: [{ dir, as: 'component' }] });
    closure.problems.push(...sub.problems);
  }
  for (const p of transforms.patches) closure.files.add(p.textFile);
  if (by.resource) closure.files.add(by.resource.file);
  const who = by.resource
    ? ` (${by.kind === 'flux' ? 'Flux' : 'Argo CD'} ${by.resource.kind} ${describeResource(by.resource).replace(/^\S+ /, '')})`
    : ' (top overlay)';
  const { remoteBases, ...rest } = extra;
  return {
    dir,
    label: `${dir || '.'}${who}`,
    ...rest,
    by,
    transforms,
    closure,
    ...(closure.remotes.length ? { remoteBases } : {}),
  };
}

/**
 * Which target of the other side is "the same" target: what deploys it (a Flux Kustomization's
 * namespace/name, an Argo CD Application's name and source, a HelmRelease), else its folder (a top
 * overlay) or its label. Changing `spec.path` then compares the old rendered output with the new
 * one, rather than reading as one target removed and another added.
 */
export function targetIdentity(target: RenderTarget): string {
  if (target.identity) return target.identity;
  const r = target.by.resource;
  if (target.helm && r?.kind === 'HelmRelease') return `HelmRelease ${r.namespace ?? ''}/${r.name ?? ''}`;
  if (target.by.kind === 'overlay') return `overlay ${target.dir}`;
  return target.label;
}

/** Kustomizations that no other kustomization includes, except components. */
function topOverlays(repo: RepoView): string[] {
  const files = [...repo.paths].filter(isKustomizationFile);
  const dirOf = (f: string) => (posix.dirname(f) === '.' ? '' : posix.dirname(f));
  const included = new Set<string>();
  const components = new Set<string>();
  for (const file of files) {
    const info = readKustomization(file, repo.read(file) ?? '', () => undefined);
    if (info.isComponent) components.add(info.dir);
    for (const { ref } of [...info.resources, ...info.components]) {
      const target = resolveInRepo(info.dir, ref);
      if (target !== undefined) included.add(target);
    }
  }
  return [...new Set(files.map(dirOf))].filter((d) => !included.has(d) && !components.has(d)).sort();
}

function fluxTransforms(
  r: Resource,
  spec: JsonObject,
  repo: RepoView,
  configMaps: readonly Resource[],
): ControllerTransforms {
  const t = emptyTransforms(true);
  const at = (...path: PathSegment[]): SourceRef => ({
    file: r.file,
    source: r.source,
    path: [...r.basePath, 'spec', ...path],
  });
  if (typeof spec.targetNamespace === 'string' && spec.targetNamespace)
    t.namespace = { value: spec.targetNamespace, at: at('targetNamespace') };
  if (typeof spec.namePrefix === 'string') t.namePrefix = spec.namePrefix;
  if (typeof spec.nameSuffix === 'string') t.nameSuffix = spec.nameSuffix;
  readPatches(spec, at, posix.dirname(r.file), r.file, (p) => repo.read(p), t.patches);
  if (Array.isArray(spec.images))
    spec.images.forEach(
      (img, i) =>
        isObject(img) &&
        typeof img.name === 'string' &&
        t.images.push({
          at: at('images', i),
          name: img.name,
          ...pickStrings(img, ['newName', 'newTag', 'digest']),
        }),
    );
  const base = resolveInRepo('', typeof spec.path === 'string' ? spec.path : '.') ?? '';
  if (Array.isArray(spec.components))
    for (const c of spec.components)
      if (typeof c === 'string') {
        const d = resolveInRepo(base, c);
        if (d !== undefined) t.components.push(d);
      }
  if (isObject(spec.commonMetadata)) {
    Object.assign(
      t.labels,
      pickStrings(isObject(spec.commonMetadata.labels) ? spec.commonMetadata.labels : {}, undefined),
    );
    Object.assign(
      t.annotations,
      pickStrings(
        isObject(spec.commonMetadata.annotations) ? spec.commonMetadata.annotations : {},
        undefined,
      ),
    );
  }
  const postBuild = isObject(spec.postBuild) ? spec.postBuild : undefined;
  if (postBuild) {
    const vars: Record<string, string> = {};
    const notes: string[] = [];
    // Flux: substituteFrom in order, then substitute wins.
    if (Array.isArray(postBuild.substituteFrom)) {
      for (const ref of postBuild.substituteFrom) {
        if (!isObject(ref)) continue;
        const ns = r.namespace ?? 'flux-system';
        const found =
          ref.kind === 'ConfigMap'
            ? configMaps.find((c) => c.name === ref.name && (c.namespace ?? ns) === ns)
            : undefined;
        if (found && isObject(found.object.data))
          Object.assign(vars, pickStrings(found.object.data, undefined));
        else
          notes.push(
            `${String(ref.kind)} ${String(ref.name)} is not in the repository${ref.kind === 'Secret' ? ' (Secrets are never read)' : ''}: its variables stay unresolved`,
          );
      }
    }
    if (isObject(postBuild.substitute)) Object.assign(vars, pickStrings(postBuild.substitute, undefined));
    t.substitute = { vars, notes };
  }
  return t;
}

function argoTransforms(
  r: Resource,
  source: JsonObject,
  sourcePath: PathSegment[],
  dir: string,
): ControllerTransforms {
  const t = emptyTransforms(false);
  const k = isObject(source.kustomize) ? source.kustomize : undefined;
  if (!k) return t;
  const at = (...path: PathSegment[]): SourceRef => ({
    file: r.file,
    source: r.source,
    path: [...r.basePath, ...sourcePath, 'kustomize', ...path],
  });
  if (typeof k.namespace === 'string' && k.namespace)
    t.namespace = { value: k.namespace, at: at('namespace') };
  if (typeof k.namePrefix === 'string') t.namePrefix = k.namePrefix;
  if (typeof k.nameSuffix === 'string') t.nameSuffix = k.nameSuffix;
  if (Array.isArray(k.images))
    k.images.forEach(
      (img, i) => typeof img === 'string' && t.images.push({ at: at('images', i), ...parseArgoImage(img) }),
    );
  if (isObject(k.commonLabels)) Object.assign(t.labels, pickStrings(k.commonLabels, undefined));
  if (isObject(k.commonAnnotations))
    Object.assign(t.annotations, pickStrings(k.commonAnnotations, undefined));
  readPatches(k, at, dir, r.file, () => undefined, t.patches);
  if (Array.isArray(k.components))
    for (const c of k.components)
      if (typeof c === 'string') {
        const d = resolveInRepo(dir, c);
        if (d !== undefined) t.components.push(d);
      }
  return t;
}

/** Argo CD's `kustomize.images` entries: `name=newName:tag`, `name:tag`, `name@digest`. */
function parseArgoImage(entry: string): Omit<ImageEntry, 'at'> {
  const [name, replacement] = entry.includes('=')
    ? [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)]
    : [undefined, entry];
  const split = (ref: string) => {
    const at = ref.indexOf('@');
    if (at >= 0) return { image: ref.slice(0, at), digest: ref.slice(at + 1) };
    const colon = ref.lastIndexOf(':');
    return colon > ref.lastIndexOf('/')
      ? { image: ref.slice(0, colon), tag: ref.slice(colon + 1) }
      : { image: ref };
  };
  const s = split(replacement);
  return {
    name: name ?? s.image,
    ...(name && s.image !== name ? { newName: s.image } : {}),
    ...(s.tag ? { newTag: s.tag } : {}),
    ...(s.digest ? { digest: s.digest } : {}),
  };
}

/** Folders an ApplicationSet's git directory generators select. */
function applicationSetDirs(spec: JsonObject, repo: RepoView): Array<string | undefined> {
  const dirs = new Set<string>();
  for (const p of repo.paths) if (isKustomizationFile(p)) dirs.add(posix.dirname(p));
  const out: string[] = [];
  const generators = Array.isArray(spec.generators) ? spec.generators : [];
  for (const g of generators) {
    const git = isObject(g) && isObject(g.git) ? g.git : undefined;
    if (!git || !Array.isArray(git.directories)) continue;
    const include = git.directories
      .filter((d): d is JsonObject => isObject(d) && typeof d.path === 'string' && d.exclude !== true)
      .map((d) => String(d.path));
    const exclude = git.directories
      .filter((d): d is JsonObject => isObject(d) && typeof d.path === 'string' && d.exclude === true)
      .map((d) => String(d.path));
    for (const d of dirs)
      if (include.some((p) => globMatch(d, p)) && !exclude.some((p) => globMatch(d, p))) out.push(d);
  }
  return out;
}

function pickStrings(o: JsonObject, keys: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of keys ?? Object.keys(o))
    if (typeof o[k] === 'string' || typeof o[k] === 'number' || typeof o[k] === 'boolean')
      out[k] = String(o[k]);
  return out;
}

function sameRepoUrl(a: string, b: string): boolean {
  const norm = (u: string) =>
    u
      .trim()
      .toLowerCase()
      .replace(/^(ssh:\/\/)?git@([^:/]+)[:/]/, 'https://$2/')
      .replace(/^http:/, 'https:')
      .replace(/\.git\/?$/, '')
      .replace(/\/$/, '');
  return norm(a) === norm(b);
}
