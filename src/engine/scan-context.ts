import {
  isKustomizationFile,
  isUnreadable,
  loadManifestFile,
  mayHoldKind,
  mayMentionKind,
  type FileContent,
  type LoadedFile,
  type LoadLimits,
  type Resource,
} from '../manifests/index.js';
import type { ActiveRule } from './types.js';

/** One file of a streaming scan: read when its turn comes (twice: for the context, then to judge it). */
export interface StreamedFile {
  path: string;
  read(): FileContent;
  /** The file already loaded (an in-memory scan, the diff's memoized loads): neither pass parses it again. */
  loaded?: LoadedFile;
}

/**
 * Kinds every scan keeps as context, whatever its rules: Kustomizations say which files are
 * patches (partial resources), which any rule's verdict on them depends on.
 */
const ENGINE_LOOKUPS = ['Kustomization'];

/**
 * The kinds the active rules read in other resources (`dependsOn`'s `group/Kind` as the kind
 * alone, `lookups`), with the engine's own. Kept by kind whatever the group: a superset.
 */
export function lookupKinds(rules: readonly ActiveRule[]): Set<string> {
  const kinds = new Set(ENGINE_LOOKUPS);
  for (const { rule } of rules) {
    for (const dependency of rule.dependsOn ?? [])
      for (const kind of dependency.kinds) kinds.add(kind.slice(kind.lastIndexOf('/') + 1));
    for (const kind of rule.lookups ?? []) kinds.add(kind);
  }
  return kinds;
}

export interface ScanContext {
  /** The resources of the context kinds, in scan order (files in order, documents in order). */
  resources: Resource[];
  /** The kinds gathered. */
  kinds: ReadonlySet<string>;
  /** Files whose content passed `tagFile` (the CLI: the files that may hold admission policies). */
  tagged: ReadonlySet<string>;
  /**
   * The documents this pass parsed whose resources it keeps, by file and document index: the
   * second pass takes them rather than parsing them again (`LoadOptions.parsed`).
   */
  parsed: ReadonlyMap<string, ReadonlyMap<number, readonly Resource[]>>;
}

/**
 * The first pass of a streaming scan: the resources that other resources' verdicts depend on
 * (the kinds of `kinds`: a binding's Role, a pod's ServiceAccount and NetworkPolicies, the
 * Kustomizations that rewrite images or name patches, Namespaces and policy params), kept while
 * every other document is parsed and judged one file at a time. Only the documents whose text
 * may hold one of the kinds are parsed (`mayHoldKind`, a sound text test; every document of a
 * kustomization file, which needs no kind); the rest of the bytes are read and searched, not
 * parsed. What is kept is a copy of those documents, never the whole file's text.
 */
export function gatherContext(
  files: readonly StreamedFile[],
  kinds: ReadonlySet<string>,
  limits: LoadLimits,
  tagFile?: (content: string | Uint8Array) => boolean,
): ScanContext {
  const resources: Resource[] = [];
  const tagged = new Set<string>();
  const parsed = new Map<string, Map<number, Resource[]>>();
  const names = [...kinds];
  for (const file of files) {
    if (file.loaded && tagFile) {
      const content = file.read();
      if (!isUnreadable(content) && tagFile(content)) tagged.add(file.path);
    }
    const loaded = file.loaded ?? contextLoad(file, names, limits, tagFile, tagged);
    if (!loaded) continue;
    for (const r of loaded.resources) if (kinds.has(r.kind)) resources.push(r);
    if (!file.loaded) {
      const reusable = keptDocuments(loaded, kinds);
      if (reusable.size > 0) parsed.set(file.path, reusable);
    }
  }
  return { resources, kinds, tagged, parsed };
}

/**
 * The documents of a context load that the second pass can take as they are: every resource of
 * the document is kept, and the file loaded without a finding (a finding belongs to a document
 * the second pass must then load itself, to report it).
 */
function keptDocuments(loaded: LoadedFile, kinds: ReadonlySet<string>): Map<number, Resource[]> {
  const byDocument = new Map<number, Resource[]>();
  if (loaded.findings.length > 0) return byDocument;
  const partly = new Set<number>();
  for (const r of loaded.resources) {
    if (!kinds.has(r.kind)) partly.add(r.documentIndex);
    const list = byDocument.get(r.documentIndex);
    if (list) list.push(r);
    else byDocument.set(r.documentIndex, [r]);
  }
  for (const index of partly) byDocument.delete(index);
  return byDocument;
}

/**
 * `context` with the resources of `kinds` it lacks (a ValidatingAdmissionPolicy's params can be
 * of any kind), gathered in one more pass. Lookups are by kind, and each kind's resources stay in
 * scan order, so the new kinds go at the end.
 */
export function extendContext(
  files: readonly StreamedFile[],
  context: ScanContext,
  kinds: Iterable<string>,
  limits: LoadLimits,
): ScanContext {
  const missing = new Set([...kinds].filter((kind) => !context.kinds.has(kind)));
  if (missing.size === 0) return context;
  const more = gatherContext(files, missing, limits);
  const parsed = new Map(context.parsed);
  for (const [file, documents] of more.parsed)
    parsed.set(file, new Map([...(parsed.get(file) ?? []), ...documents]));
  return {
    resources: [...context.resources, ...more.resources],
    kinds: new Set([...context.kinds, ...missing]),
    tagged: context.tagged,
    parsed,
  };
}

function contextLoad(
  file: StreamedFile,
  kinds: readonly string[],
  limits: LoadLimits,
  tagFile: ((content: string | Uint8Array) => boolean) | undefined,
  tagged: Set<string>,
): LoadedFile | undefined {
  const content = file.read();
  if (isUnreadable(content)) return undefined;
  if (tagFile?.(content)) tagged.add(file.path);
  const wholeFile = kinds.includes('Kustomization') && isKustomizationFile(file.path);
  if (!wholeFile && !mayMentionKind(content, kinds)) return undefined;
  return loadManifestFile(file.path, content, limits, Date.now, {
    documentFilter: (text) => (wholeFile ? true : mayHoldKind(text, kinds)),
  });
}
