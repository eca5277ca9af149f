import { DEFAULT_LIMITS, loadManifestFile, type LoadedFile } from '../manifests/index.js';

/**
 * The judgement's parses, each text at most once: whole files (what the diff judges, the old
 * objects) and context (only the documents that could matter to another file's verdict). A
 * context request for a text already loaded whole takes the whole load.
 */
export class Loads {
  private readonly wholeLoads = new Map<string, Map<string | Uint8Array, LoadedFile>>();
  /** Per text, one load per filter key (two filters can ask for the same text). */
  private readonly contextLoads = new Map<string, Map<string | Uint8Array, Map<string, LoadedFile>>>();

  /** Every document of the file, CRD bodies included (what a change judges is parsed whole, and its errors are findings). */
  readonly whole = (path: string, content: string | Uint8Array): LoadedFile =>
    memo(this.wholeLoads, path, content, () =>
      loadManifestFile(path, content, DEFAULT_LIMITS, Date.now, { wholeSchemas: true }),
    );

  /** The documents that pass `filter` (named by `key`: the same key, the same filter). */
  context(
    path: string,
    content: string | Uint8Array,
    key: string,
    filter: (text: string) => boolean,
  ): LoadedFile {
    const whole = this.wholeLoads.get(path)?.get(content);
    if (whole) return whole;
    let byContent = this.contextLoads.get(path);
    if (!byContent) this.contextLoads.set(path, (byContent = new Map()));
    let byKey = byContent.get(content);
    if (!byKey) byContent.set(content, (byKey = new Map()));
    let loaded = byKey.get(key);
    if (!loaded)
      byKey.set(
        key,
        (loaded = loadManifestFile(path, content, DEFAULT_LIMITS, Date.now, { documentFilter: filter })),
      );
    return loaded;
  }
}

function memo<T>(
  cache: Map<string, Map<string | Uint8Array, T>>,
  path: string,
  content: string | Uint8Array,
  make: () => T,
): T {
  let byContent = cache.get(path);
  if (!byContent) cache.set(path, (byContent = new Map()));
  let value = byContent.get(content);
  if (value === undefined) byContent.set(content, (value = make()));
  return value;
}
