import { load as loadYaml } from 'js-yaml';
import {
  isObject,
  SourceDocument,
  type JsonObject,
  type Located,
  type PathSegment,
  type Resource,
} from '../../manifests/index.js';

/** A located value: the repository file and the line of a values key. */
export type ValuesLocation = Located & { file: string };

/**
 * One source of Helm values, in the order Helm merges them (the chart's values.yaml first,
 * then the consumer's value files, inline values, parameters). `locate` says where a value
 * path of this layer is written in the repository.
 */
export interface ValuesLayer {
  /** For messages: `values of HelmRelease apps/podinfo`. */
  label: string;
  values: JsonObject;
  locate(path: readonly PathSegment[]): ValuesLocation | undefined;
}

/** A value as it reaches the templates after merging the layers: a scalar (or an empty collection) and the layer that set it. */
export interface ValuesLeaf {
  path: PathSegment[];
  value: unknown;
  layer: number;
}

const MAX_LEAVES = 50_000;

/** Parses a values YAML text into a mapping; undefined (with the reason) when it is not one. */
export function parseValues(text: string): { values: JsonObject } | { error: string } {
  try {
    const value: unknown = loadYaml(text, { json: true });
    if (value === undefined || value === null) return { values: {} };
    if (!isObject(value)) return { error: 'it is not a YAML mapping' };
    return { values: value };
  } catch (error) {
    return { error: (error as Error).message.split('\n')[0] ?? 'not YAML' };
  }
}

/** A layer whose values are at `path` inside a resource (a HelmRelease's `spec.values`, an Application's `valuesObject`). */
export function resourceLayer(
  resource: Resource,
  path: PathSegment[],
  label: string,
): ValuesLayer | undefined {
  let values: unknown = resource.object;
  for (const p of path) values = isObject(values) || Array.isArray(values) ? (values as never)[p] : undefined;
  if (!isObject(values)) return undefined;
  return {
    label,
    values,
    locate: (p) => {
      const located = resource.source.locate([...resource.basePath, ...path, ...p]);
      // A rendered resource's position is in another file (and document) already, when it says so.
      return located.file !== undefined
        ? { ...located, file: located.file }
        : { file: resource.file, ...located, document: resource.source };
    },
  };
}

/** A layer written as YAML text in a repository file, starting on 0-based line `startLine` (a values file, or a block scalar). */
export function textLayer(
  file: string,
  text: string,
  startLine: number,
  label: string,
  /** False for a block scalar (its text is de-indented: a fix cannot edit the file's line from it). */
  editable = true,
): { layer: ValuesLayer } | { error: string } {
  const parsed = parseValues(text);
  if ('error' in parsed) return parsed;
  const source = new SourceDocument(text, startLine);
  return {
    layer: {
      label,
      values: parsed.values,
      locate: (p) => ({ file, ...source.locate(p), ...(editable ? { document: source } : {}) }),
    },
  };
}

/**
 * Parses `--set` style assignments as Helm's strvals does for the common forms: `a.b[0].c=v`
 * with `\.` escapes; values `true`/`false`/`null` and integers are typed unless `asString`.
 */
export function parseSetPath(name: string): PathSegment[] | undefined {
  const out: PathSegment[] = [];
  let current = '';
  let i = 0;
  const push = () => {
    if (current !== '') out.push(current);
    current = '';
  };
  while (i < name.length) {
    const c = name[i]!;
    if (c === '\\' && i + 1 < name.length) {
      current += name[i + 1];
      i += 2;
      continue;
    }
    if (c === '.') {
      push();
      i++;
      continue;
    }
    if (c === '[') {
      const close = name.indexOf(']', i);
      if (close < 0) return undefined;
      const index = Number(name.slice(i + 1, close));
      if (!Number.isInteger(index) || index < 0 || index > 10_000) return undefined;
      push();
      out.push(index);
      i = close + 1;
      continue;
    }
    current += c;
    i++;
  }
  push();
  return out.length ? out : undefined;
}

export function typedSetValue(value: string, asString: boolean): unknown {
  if (asString) return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (value === 'null') return null;
  if (/^-?(0|[1-9]\d{0,15})$/.test(value)) return Number(value);
  return value;
}

/** Sets `value` at `path`, creating mappings and lists on the way (as strvals does). */
export function setIn(root: JsonObject, path: readonly PathSegment[], value: unknown): void {
  let node: unknown = root;
  for (let i = 0; i < path.length; i++) {
    const key = path[i]!;
    const last = i === path.length - 1;
    const container = node as Record<string | number, unknown>;
    if (last) {
      container[key] = value;
      return;
    }
    const nextIsIndex = typeof path[i + 1] === 'number';
    let next = container[key];
    if (nextIsIndex ? !Array.isArray(next) : !isObject(next)) {
      next = nextIsIndex ? [] : {};
      container[key] = next;
    }
    node = next;
  }
}

const pathKey = (path: readonly PathSegment[]) => JSON.stringify(path);

/**
 * The leaves of the merged values and the layer that set each, as Helm merges `-f` files:
 * mappings merge key by key, anything else (lists included) replaces, `null` removes.
 */
export function winningLeaves(layers: readonly ValuesLayer[]): ValuesLeaf[] {
  const leaves = new Map<string, ValuesLeaf>();
  const removeUnder = (path: PathSegment[]) => {
    const prefix = pathKey(path).slice(0, -1);
    for (const k of [...leaves.keys()]) if (k.startsWith(prefix)) leaves.delete(k);
  };
  const add = (path: PathSegment[], value: unknown, layer: number) => {
    if (leaves.size >= MAX_LEAVES) return;
    if (Array.isArray(value) && value.length) value.forEach((v, i) => add([...path, i], v, layer));
    else if (isObject(value) && Object.keys(value).length)
      for (const [k, v] of Object.entries(value)) add([...path, k], v, layer);
    else if (value !== null) leaves.set(pathKey(path), { path, value, layer });
  };
  const merge = (path: PathSegment[], value: unknown, layer: number) => {
    if (isObject(value) && Object.keys(value).length) {
      leaves.delete(pathKey(path)); // a scalar there before is replaced by the mapping
      for (const [k, v] of Object.entries(value)) merge([...path, k], v, layer);
      return;
    }
    if (path.length) removeUnder(path);
    add(path, value, layer);
  };
  layers.forEach((l, i) => merge([], l.values, i));
  return [...leaves.values()];
}

/** A marker appended to string values for the mapping render: survives quoting, case changes and concatenation. */
export const SENTINEL_PATTERN = /xgg(\d+)ggx/gi;
const sentinel = (id: number) => `xgg${id}ggx`;

/**
 * The layers with every non-empty string value marked (`value` + `xgg<id>ggx`), and what each
 * id stands for. Rendering these once more shows, in each rendered string, which value fed it.
 */
export function markStringValues(layers: readonly ValuesLayer[]): {
  marked: JsonObject[];
  ids: Array<{ layer: number; path: PathSegment[] }>;
} {
  const ids: Array<{ layer: number; path: PathSegment[] }> = [];
  const mark = (value: unknown, layer: number, path: PathSegment[]): unknown => {
    if (ids.length >= MAX_LEAVES) return value;
    if (typeof value === 'string' && value !== '') {
      ids.push({ layer, path });
      return value + sentinel(ids.length - 1);
    }
    if (Array.isArray(value)) return value.map((v, i) => mark(v, layer, [...path, i]));
    if (isObject(value))
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mark(v, layer, [...path, k])]));
    return value;
  };
  const marked = layers.map((l, i) => mark(l.values, i, []) as JsonObject);
  return { marked, ids };
}
