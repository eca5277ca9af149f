import { posix } from 'node:path';
import { load as loadYaml } from 'js-yaml';
import {
  isObject,
  labelsOf,
  loadManifestFile,
  SourceDocument,
  type JsonObject,
  type Located,
  type PathSegment,
  type Resource,
} from '../../manifests/index.js';
import type { ImageEntry, PatchEntry, SourceRef } from './kustomization.js';
import type { RenderTarget } from './targets.js';
import { RE2JS } from 're2js';

/** Where a field of a rendered resource was set, in a repository file. */
export interface MappedLocation extends Located {
  file: string;
  /** What set it: a patch, an `images:` entry, a `namespace:` entry or the base file. */
  via: 'patch' | 'images' | 'namespace' | 'base' | 'generator' | 'target';
}

type Operation =
  | { type: 'patch'; dir: string; patch: PatchEntry }
  | { type: 'images'; dir: string; entry: ImageEntry }
  | { type: 'namespace'; dir: string; at: SourceRef };

/**
 * Maps fields of one target's rendered resources to the repository line that set them: the
 * last patch (strategic merge or JSON 6902, in an overlay or the controller's resource) that
 * sets the field, else the `images:` / `namespace:` entry, else the field (or its nearest
 * parent) in the base file kustomize's origin annotation names.
 */
export class TargetMapper {
  private readonly operations: Operation[] = [];
  private readonly docs = new Map<string, Resource[]>();
  private readonly patchDocs = new Map<
    PatchEntry,
    Array<{ object: unknown; source: SourceDocument; basePath: PathSegment[] }>
  >();

  constructor(
    private readonly target: RenderTarget,
    private readonly read: (path: string) => string | undefined,
  ) {
    const seen = new Set<string>();
    const visit = (dir: string) => {
      if (seen.has(dir)) return;
      seen.add(dir);
      const node = target.closure.kustomizations.get(dir);
      if (!node) return;
      for (const r of node.resources) {
        const sub = posix.normalize(posix.join(dir || '.', r.ref));
        if (target.closure.kustomizations.has(sub)) visit(sub);
      }
      for (const c of node.components) visit(posix.normalize(posix.join(dir || '.', c.ref)));
      for (const patch of node.patches) this.operations.push({ type: 'patch', dir, patch });
      if (node.namespace) this.operations.push({ type: 'namespace', dir, at: node.namespace.at });
      for (const entry of node.images) this.operations.push({ type: 'images', dir, entry });
    };
    visit(target.dir);
    for (const d of target.closure.generatedResources) if (target.closure.kustomizations.has(d)) visit(d);
    const t = target.transforms;
    for (const c of t.components) visit(c);
    for (const patch of t.patches) this.operations.push({ type: 'patch', dir: target.dir, patch });
    if (t.namespace) this.operations.push({ type: 'namespace', dir: target.dir, at: t.namespace.at });
    for (const entry of t.images) this.operations.push({ type: 'images', dir: target.dir, entry });
  }

  /** Kustomizations whose transformations reach resources of `file`: the ones including it, their includers and components. */
  private applicableDirs(file: string): Set<string> {
    const dirs = new Set<string>([this.target.dir]);
    const { kustomizations } = this.target.closure;
    const stack: string[] = [];
    for (const [dir, node] of kustomizations) {
      if (
        node.resources.some((r) => posix.normalize(posix.join(dir || '.', r.ref)) === file) ||
        node.file === file
      )
        stack.push(dir);
    }
    if (this.target.closure.generatedResources.includes(file)) stack.push(this.target.dir);
    while (stack.length) {
      const dir = stack.pop()!;
      if (dirs.has(dir) && dir !== this.target.dir) continue;
      dirs.add(dir);
      const node = kustomizations.get(dir);
      for (const c of node?.components ?? []) dirs.add(posix.normalize(posix.join(dir || '.', c.ref)));
      for (const by of node?.includedBy ?? []) if (!dirs.has(by.dir)) stack.push(by.dir);
    }
    for (const c of this.target.transforms.components) dirs.add(c);
    return dirs;
  }

  /** The source line of `path` in a rendered resource whose origin is `originFile` (repository path). */
  locate(
    rendered: Resource,
    originFile: string | undefined,
    generatedBy: string | undefined,
    path: readonly PathSegment[],
    /** A resource of a remote base: `originFile` is the kustomization naming it, and this its entry (the base's own line is not here). */
    remoteEntry?: SourceRef,
  ): MappedLocation {
    const object = rendered.object;
    const dirs = originFile ? this.applicableDirs(originFile) : new Set([this.target.dir]);
    const base = originFile && !remoteEntry ? this.baseDocument(originFile, rendered) : undefined;
    const baseTranslation = base ? translatePath(object, path, base.object) : undefined;
    const ops = this.operations.filter((op) => dirs.has(op.dir));
    // 1. the last patch that sets the field (or, for a field the base does not have, the parent the patch added)
    let partial: MappedLocation | undefined;
    for (let i = ops.length - 1; i >= 0; i--) {
      const op = ops[i]!;
      if (op.type !== 'patch') continue;
      const hit = this.patchSets(op.patch, rendered, base?.name, path);
      if (hit?.complete) return hit.location;
      if (
        hit &&
        !partial &&
        baseTranslation &&
        !baseTranslation.complete &&
        hit.depth > baseTranslation.depth
      )
        partial = hit.location;
    }
    if (partial) return partial;
    // 2. images: and namespace: entries
    if (isImagePath(path)) {
      const image = String(valueAt(object, path) ?? '');
      for (let i = ops.length - 1; i >= 0; i--) {
        const op = ops[i]!;
        if (op.type === 'images' && imageMatches(op.entry, image)) {
          const key =
            op.entry.digest !== undefined
              ? 'digest'
              : op.entry.newTag !== undefined
                ? 'newTag'
                : op.entry.newName !== undefined
                  ? 'newName'
                  : 'name';
          return this.at(op.entry.at, [key], 'images');
        }
      }
    }
    if (path[0] === 'metadata' && path[1] === 'namespace') {
      for (let i = ops.length - 1; i >= 0; i--) {
        const op = ops[i]!;
        if (op.type === 'namespace') return this.at(op.at, [], 'namespace');
      }
    }
    // 3. the base file (for a remote base, the entry that names it)
    if (remoteEntry) return this.at(remoteEntry, [], 'base');
    if (base && baseTranslation) {
      const located = base.source.locate([...base.basePath, ...baseTranslation.path]);
      const exact = located.exact && baseTranslation.complete;
      return {
        ...located,
        exact,
        file: base.file,
        via: 'base',
        // The field as the base file writes it: a HelmRelease value of a Kustomize target may be fixed there.
        ...(exact ? { document: base.source } : { keyRange: undefined, valueRange: undefined }),
      };
    }
    if (generatedBy) {
      const node = this.target.closure.kustomizations.get(
        posix.dirname(generatedBy) === '.' ? '' : posix.dirname(generatedBy),
      );
      if (node?.resource)
        return this.at(
          { file: node.file, source: node.resource.source, path: node.resource.basePath },
          [],
          'generator',
        );
    }
    const root = this.target.closure.kustomizations.get(this.target.dir);
    const file = root?.file ?? this.target.by.resource?.file ?? this.target.dir;
    return { line: 1, column: 1, endLine: 1, exact: false, file, via: 'target' };
  }

  private at(ref: SourceRef, rest: PathSegment[], via: MappedLocation['via']): MappedLocation {
    const located = ref.source.locate([...ref.path, ...rest]);
    return { ...located, keyRange: undefined, valueRange: undefined, file: ref.file, via };
  }

  /** The document of `file` the rendered resource came from: same kind, and the name kustomize started from. */
  private baseDocument(file: string, rendered: Resource): Resource | undefined {
    let docs = this.docs.get(file);
    if (!docs) {
      const text = this.read(file);
      docs =
        text === undefined
          ? []
          : loadManifestFile(file, text, undefined, undefined, { wholeSchemas: true }).resources;
      this.docs.set(file, docs);
    }
    const sameKind = docs.filter((d) => d.kind === rendered.kind);
    return (
      sameKind.find((d) => d.name === rendered.name) ??
      sameKind
        .filter((d) => rendered.name.includes(d.name))
        .sort((a, b) => b.name.length - a.name.length)[0] ??
      (sameKind.length === 1 ? sameKind[0] : undefined)
    );
  }

  private patchSets(
    patch: PatchEntry,
    rendered: Resource,
    originalName: string | undefined,
    path: readonly PathSegment[],
  ): { complete: boolean; depth: number; location: MappedLocation } | undefined {
    if (patch.target && !selectorMatches(patch.target, rendered, originalName)) return undefined;
    const docs = this.patchDocuments(patch);
    for (let d = docs.length - 1; d >= 0; d--) {
      const doc = docs[d]!;
      if (patch.json6902) {
        if (!patch.target) continue;
        const hit = json6902Sets(doc.object, rendered.object, path);
        if (!hit) continue;
        return { complete: hit.complete, depth: hit.depth, location: this.inPatch(patch, doc, hit.path) };
      }
      if (!isObject(doc.object)) continue;
      if (!patch.target) {
        const meta = isObject(doc.object.metadata) ? doc.object.metadata : {};
        if (doc.object.kind !== rendered.kind || (meta.name !== rendered.name && meta.name !== originalName))
          continue;
      }
      const t = translatePath(rendered.object, path, doc.object);
      if (t.depth <= 2 && !t.complete) continue; // only apiVersion/kind/metadata.name in common
      return {
        complete: t.complete || t.replaced,
        depth: t.depth,
        location: this.inPatch(patch, doc, t.path),
      };
    }
    return undefined;
  }

  private inPatch(
    patch: PatchEntry,
    doc: { source: SourceDocument; basePath: PathSegment[] },
    path: PathSegment[],
  ): MappedLocation {
    const located = doc.source.locate([...doc.basePath, ...path]);
    return { ...located, keyRange: undefined, valueRange: undefined, file: patch.textFile, via: 'patch' };
  }

  private patchDocuments(
    patch: PatchEntry,
  ): Array<{ object: unknown; source: SourceDocument; basePath: PathSegment[] }> {
    let docs = this.patchDocs.get(patch);
    if (docs) return docs;
    docs = [];
    // Inline patches sit in a block scalar: shift lines so positions are the file's.
    const text = patch.text;
    if (patch.json6902) {
      try {
        docs.push({
          object: loadYaml(text),
          source: new SourceDocument(text, patch.textStartLine),
          basePath: [],
        });
      } catch {
        /* kustomize reports an unreadable patch */
      }
    } else {
      for (const r of loadManifestFile(patch.textFile, text, undefined, undefined, { wholeSchemas: true })
        .resources)
        docs.push({
          object: r.object,
          source: new SourceDocument(r.source.text, r.source.startLine + patch.textStartLine),
          basePath: r.basePath,
        });
      if (docs.length === 0) {
        try {
          docs.push({
            object: loadYaml(text),
            source: new SourceDocument(text, patch.textStartLine),
            basePath: [],
          });
        } catch {
          /* nothing to map */
        }
      }
    }
    this.patchDocs.set(patch, docs);
    return docs;
  }
}

const MERGE_KEYS = ['name', 'containerPort', 'mountPath', 'devicePath', 'ip', 'topologyKey', 'port'];

/**
 * Follows `path` (through the rendered object) in another object of the same shape (a base
 * document or a strategic-merge patch): list items are matched by their merge key, not their
 * index. `complete` when the whole path exists there; `replaced` when it stops at a list
 * without merge keys (a patch replaces such lists whole).
 */
function translatePath(
  rendered: unknown,
  path: readonly PathSegment[],
  other: unknown,
): { path: PathSegment[]; complete: boolean; replaced: boolean; depth: number } {
  const out: PathSegment[] = [];
  let r: unknown = rendered;
  let o: unknown = other;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    if (typeof seg === 'number') {
      if (!Array.isArray(r) || !Array.isArray(o))
        return { path: out, complete: false, replaced: false, depth: out.length };
      const item = r[seg];
      const key = isObject(item) ? MERGE_KEYS.find((k) => item[k] !== undefined) : undefined;
      if (!key) return { path: out, complete: false, replaced: true, depth: out.length };
      const index = o.findIndex((x) => isObject(x) && x[key] === (item as JsonObject)[key]);
      if (index < 0) return { path: out, complete: false, replaced: false, depth: out.length };
      out.push(index);
      r = item;
      o = o[index];
    } else {
      if (!isObject(o) || !(seg in o))
        return { path: out, complete: false, replaced: false, depth: out.length };
      out.push(seg);
      r = isObject(r) ? r[seg] : undefined;
      o = o[seg];
    }
  }
  return { path: out, complete: true, replaced: false, depth: out.length };
}

/** The last JSON 6902 operation that writes `path` (or a parent of it). */
function json6902Sets(
  ops: unknown,
  rendered: unknown,
  path: readonly PathSegment[],
): { path: PathSegment[]; complete: boolean; depth: number } | undefined {
  if (!Array.isArray(ops)) return undefined;
  for (let i = ops.length - 1; i >= 0; i--) {
    const op = ops[i];
    if (
      !isObject(op) ||
      typeof op.path !== 'string' ||
      !['add', 'replace', 'copy', 'move'].includes(String(op.op))
    )
      continue;
    const pointer = op.path
      .split('/')
      .slice(1)
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    if (pointer.length > path.length) continue;
    let current: unknown = rendered;
    let matches = true;
    for (let j = 0; j < pointer.length; j++) {
      const seg = path[j]!;
      const p = pointer[j]!;
      const ok =
        typeof seg === 'number'
          ? p === String(seg) || (p === '-' && Array.isArray(current) && seg === current.length - 1)
          : p === seg;
      if (!ok) {
        matches = false;
        break;
      }
      current = isObject(current)
        ? current[seg as string]
        : Array.isArray(current)
          ? current[seg as number]
          : undefined;
    }
    if (!matches) continue;
    if (op.op === 'move' || op.op === 'copy')
      return { path: [i, 'path'], complete: true, depth: pointer.length };
    const rest = path.slice(pointer.length);
    const inValue = translatePath(current, rest, op.value);
    return { path: [i, 'value', ...inValue.path], complete: true, depth: pointer.length + inValue.depth };
  }
  return undefined;
}

function selectorMatches(
  selector: NonNullable<PatchEntry['target']>,
  r: Resource,
  originalName: string | undefined,
): boolean {
  const regex = (pattern: string, value: string | undefined) => {
    if (value === undefined) return false;
    try {
      // Kustomize matches selectors with Go's RE2: the same engine, linear on hostile patterns.
      return RE2JS.compile(`^(?:${pattern})$`).matcher(value).matches();
    } catch {
      return pattern === value;
    }
  };
  if (selector.kind && !regex(selector.kind, r.kind)) return false;
  if (selector.group !== undefined && !regex(selector.group, r.group)) return false;
  if (selector.version && !regex(selector.version, r.version)) return false;
  if (selector.name && !regex(selector.name, r.name) && !regex(selector.name, originalName)) return false;
  if (selector.labelSelector) {
    const labels = labelsOf(r.object);
    for (const term of selector.labelSelector.split(',')) {
      const equality = equalityTerm(term);
      if (equality && labels[equality[0]] !== equality[1]) return false;
    }
  }
  return true;
}

function isImagePath(path: readonly PathSegment[]): boolean {
  return (
    path[path.length - 1] === 'image' &&
    ['containers', 'initContainers', 'ephemeralContainers'].includes(String(path[path.length - 3]))
  );
}

function valueAt(object: unknown, path: readonly PathSegment[]): unknown {
  let current = object;
  for (const seg of path)
    current = isObject(current)
      ? current[seg as string]
      : Array.isArray(current)
        ? current[seg as number]
        : undefined;
  return current;
}

/** Whether an `images:` entry produced `image`: same repository name after the rename. */
function imageMatches(entry: ImageEntry, image: string): boolean {
  const at = image.indexOf('@');
  const name = (at >= 0 ? image.slice(0, at) : image).replace(/:[^/:]*$/, '');
  return name === (entry.newName ?? entry.name);
}

/** A `key=value` or `key==value` term of a label selector, else undefined (other operators are not narrowed). Scanned, not matched: linear. */
function equalityTerm(term: string): [string, string] | undefined {
  const text = term.trim();
  const eq = text.indexOf('=');
  if (eq <= 0) return undefined;
  const key = text.slice(0, eq).trimEnd();
  const value = text.slice(text[eq + 1] === '=' ? eq + 2 : eq + 1).trimStart();
  if (!key || /[=!\s]/.test(key) || /\s/.test(value)) return undefined;
  return [key, value];
}
