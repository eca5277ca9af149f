import { posix } from 'node:path';
import {
  isObject,
  loadManifestFile,
  type JsonObject,
  type PathSegment,
  type Resource,
  type SourceDocument,
} from '../../manifests/index.js';

/** File names kustomize recognises, in its order of preference. */
const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;

/** A place in a repository file: where a kustomization entry, a patch or an image entry is. */
export interface SourceRef {
  file: string;
  source: SourceDocument;
  /** Path of the entry inside its document. */
  path: PathSegment[];
}

interface PatchSelector {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

/**
 * One patch as kustomize applies it. `text` is the patch itself (a file's content or the
 * inline string); `at` says where that text starts in the repository, so a field the patch
 * sets can be pointed at.
 */
export interface PatchEntry {
  at: SourceRef;
  /** The repository file that holds the patch text, and the 0-based line its first character is on. */
  textFile: string;
  textStartLine: number;
  text: string;
  target?: PatchSelector;
  /** Declared a JSON 6902 patch (patchesJson6902) or recognised as one (a YAML list of ops). */
  json6902: boolean;
}

export interface ImageEntry {
  at: SourceRef;
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
}

/** The parts of a kustomization that decide what is built and where values come from. */
export interface KustomizationInfo {
  /** Folder of the kustomization, POSIX, repository-relative ('' for the root). */
  dir: string;
  file: string;
  resource?: Resource;
  isComponent: boolean;
  resources: Array<{ ref: string; at: SourceRef }>;
  components: Array<{ ref: string; at: SourceRef }>;
  /** Files named by generators, replacements, configurations, crds, openapi: part of the build closure. */
  otherFiles: Array<{ ref: string; at: SourceRef }>;
  patches: PatchEntry[];
  /** Every patch file named (repository paths), read or not yet: part of the build closure. */
  patchFiles: string[];
  images: ImageEntry[];
  namespace?: { value: string; at: SourceRef };
  /** Problems found reading the file (not YAML, not a mapping, plugins, helm charts). */
  problems: Array<{ message: string; at?: SourceRef }>;
}

/** The kustomization file of `dir`, if any, among the repository paths. */
export function kustomizationFileIn(dir: string, hasFile: (path: string) => boolean): string | undefined {
  for (const name of KUSTOMIZATION_FILE_NAMES) {
    const path = dir ? `${dir}/${name}` : name;
    if (hasFile(path)) return path;
  }
  return undefined;
}

export function isKustomizationFile(path: string): boolean {
  return (KUSTOMIZATION_FILE_NAMES as readonly string[]).includes(posix.basename(path));
}

/** Reads a kustomization file into the parts rendering needs. Never throws. */
export function readKustomization(
  file: string,
  text: string,
  readFile: (path: string) => string | undefined,
): KustomizationInfo {
  const dir = posix.dirname(file) === '.' ? '' : posix.dirname(file);
  const info: KustomizationInfo = {
    dir,
    file,
    isComponent: false,
    resources: [],
    components: [],
    otherFiles: [],
    patches: [],
    patchFiles: [],
    images: [],
    problems: [],
  };
  const loaded = loadManifestFile(file, text);
  const resource = loaded.resources.find((r) => r.kind === 'Kustomization' || r.kind === 'Component');
  if (!resource) {
    info.problems.push({
      message: loaded.findings[0]?.message ?? 'The kustomization is not a YAML mapping.',
    });
    return info;
  }
  info.resource = resource;
  info.isComponent = resource.kind === 'Component';
  const o = resource.object;
  const at = (...path: PathSegment[]): SourceRef => ({
    file,
    source: resource.source,
    path: [...resource.basePath, ...path],
  });
  const strings = (key: string, into: Array<{ ref: string; at: SourceRef }>) => {
    const list = o[key];
    if (Array.isArray(list))
      list.forEach((v, i) => typeof v === 'string' && into.push({ ref: v, at: at(key, i) }));
  };
  strings('resources', info.resources);
  strings('bases', info.resources);
  strings('components', info.components);
  strings('crds', info.otherFiles);
  strings('configurations', info.otherFiles);
  for (const key of ['configMapGenerator', 'secretGenerator']) {
    const list = o[key];
    if (!Array.isArray(list)) continue;
    list.forEach((g, i) => {
      if (!isObject(g)) return;
      if (Array.isArray(g.files))
        g.files.forEach(
          (f, j) =>
            typeof f === 'string' &&
            info.otherFiles.push({
              ref: f.includes('=') ? f.slice(f.indexOf('=') + 1) : f,
              at: at(key, i, 'files', j),
            }),
        );
      if (Array.isArray(g.envs))
        g.envs.forEach(
          (f, j) => typeof f === 'string' && info.otherFiles.push({ ref: f, at: at(key, i, 'envs', j) }),
        );
      if (typeof g.env === 'string') info.otherFiles.push({ ref: g.env, at: at(key, i, 'env') });
    });
  }
  if (Array.isArray(o.replacements))
    o.replacements.forEach(
      (r, i) =>
        isObject(r) &&
        typeof r.path === 'string' &&
        info.otherFiles.push({ ref: r.path, at: at('replacements', i, 'path') }),
    );
  if (isObject(o.openapi) && typeof o.openapi.path === 'string')
    info.otherFiles.push({ ref: o.openapi.path, at: at('openapi', 'path') });
  for (const key of ['generators', 'transformers', 'validators']) {
    const list = o[key];
    if (!Array.isArray(list) || list.length === 0) continue;
    // kustomize runs builtin plugins from these configs and refuses exec/KRM ones without flags we never pass;
    // the files are part of the closure so that its refusal, not a missing file, is what the user sees.
    list.forEach(
      (v, i) =>
        typeof v === 'string' && !v.includes('\n') && info.otherFiles.push({ ref: v, at: at(key, i) }),
    );
  }
  if (Array.isArray(o.helmCharts) && o.helmCharts.length > 0)
    info.problems.push({
      message: 'helmCharts is not rendered (Helm inflation is off); the chart is not evaluated.',
      at: at('helmCharts'),
    });
  if (typeof o.namespace === 'string' && o.namespace)
    info.namespace = { value: o.namespace, at: at('namespace') };
  readPatches(o, at, dir, file, readFile, info.patches, info.patchFiles);
  if (Array.isArray(o.images)) {
    o.images.forEach((img, i) => {
      if (!isObject(img) || typeof img.name !== 'string') return;
      info.images.push({
        at: at('images', i),
        name: img.name,
        ...optionalStrings(img, ['newName', 'newTag', 'digest']),
      });
    });
  }
  return info;
}

function optionalStrings(o: JsonObject, keys: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of keys) if (typeof o[k] === 'string' || typeof o[k] === 'number') out[k] = String(o[k]);
  return out;
}

/** Reads `patches`, `patchesStrategicMerge` and `patchesJson6902` of a kustomization-shaped object, in kustomize's order. */
export function readPatches(
  o: JsonObject,
  at: (...path: PathSegment[]) => SourceRef,
  dir: string,
  file: string,
  readFile: (path: string) => string | undefined,
  out: PatchEntry[],
  files: string[] = [],
): void {
  const fromItem = (item: unknown, key: string, i: number, forced6902: boolean) => {
    if (typeof item === 'string') {
      // patchesStrategicMerge: a path or an inline patch
      if (
        item.includes('\n') ||
        item.trimStart().startsWith('apiVersion') ||
        item.trimStart().startsWith('kind')
      )
        out.push(inline(item, at(key, i), false));
      else fileEntry(item, at(key, i), undefined, false);
      return;
    }
    if (!isObject(item)) return;
    const target = isObject(item.target)
      ? (optionalStrings(item.target, [
          'group',
          'version',
          'kind',
          'name',
          'namespace',
          'labelSelector',
          'annotationSelector',
        ]) as PatchSelector)
      : undefined;
    if (typeof item.path === 'string') fileEntry(item.path, at(key, i, 'path'), target, forced6902);
    else if (typeof item.patch === 'string')
      out.push({ ...inline(item.patch, at(key, i, 'patch'), forced6902), target });
  };
  const inline = (text: string, ref: SourceRef, forced6902: boolean): PatchEntry => {
    const located = ref.source.locate(ref.path);
    const firstLine = ref.source.lineText(located.line) ?? '';
    // A block scalar (`patch: |`) starts on the next line; a quoted or plain one on the key's line.
    const block = opensBlockScalar(firstLine);
    return {
      at: ref,
      textFile: ref.file,
      textStartLine: block ? located.line : located.line - 1,
      text,
      json6902: forced6902 || looks6902(text),
    };
  };
  const fileEntry = (
    path: string,
    ref: SourceRef,
    target: PatchSelector | undefined,
    forced6902: boolean,
  ) => {
    const resolved = posix.normalize(posix.join(dir, path));
    // Named even when its text is not read yet: a gatherer plans from the closure what to read.
    files.push(resolved);
    const text = readFile(resolved);
    if (text === undefined) return;
    out.push({
      at: ref,
      textFile: resolved,
      textStartLine: 0,
      text,
      target,
      json6902: forced6902 || looks6902(text),
    });
  };
  void file;
  // kustomize's transformer order: patchesStrategicMerge, patches, (namespace, prefixes, labels), patchesJson6902, images.
  if (Array.isArray(o.patchesStrategicMerge))
    o.patchesStrategicMerge.forEach((p, i) => fromItem(p, 'patchesStrategicMerge', i, false));
  if (Array.isArray(o.patches)) o.patches.forEach((p, i) => fromItem(p, 'patches', i, false));
  if (Array.isArray(o.patchesJson6902))
    o.patchesJson6902.forEach((p, i) => fromItem(p, 'patchesJson6902', i, true));
}

/** A JSON 6902 patch is a list of operations; a strategic-merge patch is an object. */
function looks6902(text: string): boolean {
  const first =
    text
      .split('\n')
      .find((l) => l.trim() && !l.trim().startsWith('#'))
      ?.trim() ?? '';
  return first.startsWith('- ') || first.startsWith('[');
}

/** A reference kustomize would fetch over the network (a remote base or resource). */
export function isRemoteRef(ref: string): boolean {
  return (
    /^[a-z][a-z0-9+.-]*:\/\//i.test(ref) ||
    /^git@/.test(ref) ||
    /^git::/.test(ref) ||
    /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(ref) ||
    /\?(ref|version|timeout|submodules)=/.test(ref)
  );
}

/** Whether a `key: |` line opens a block scalar (its text starts on the next line). Scanned, not matched: linear on hostile lines. */
export function opensBlockScalar(line: string): boolean {
  const comment = line.search(/[ \t]#/);
  const text = (comment >= 0 ? line.slice(0, comment) : line).trimEnd();
  const colon = text.lastIndexOf(':');
  return colon >= 0 && /^[|>][-+0-9]*$/.test(text.slice(colon + 1).trim());
}
