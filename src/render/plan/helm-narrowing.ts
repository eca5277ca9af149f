import { isObject, type JsonObject, type PathSegment } from '../../manifests/index.js';
import type { Finding } from '../../model/index.js';
import type { ValuesLayer, ValuesLocation } from './helm-values.js';
import { winningLeaves } from './helm-values.js';
import type { RenderedTargetOutput } from './judge-rendered.js';
import type { RenderTarget } from './targets.js';

/** Extra renders per Helm target to tell which changed value introduced a finding (render.helm.narrowingRenders). */
export const DEFAULT_NARROWING_RENDERS = 8;

/** One changed value of a pull request's head, and the head target rendered with it reverted to base's value. */
export interface ValueProbe {
  /** The values path reverted (a whole list when the change is inside one: Helm replaces lists whole). */
  path: PathSegment[];
  /** Where head sets it: the line a finding it causes points at. */
  at: ValuesLocation | undefined;
  target: RenderTarget;
}

export type NarrowingPlan =
  | { probes: ValueProbe[] }
  /** More changed values than renders allowed: nothing is rendered, the findings say so. */
  | { tooMany: number; bound: number };

/** What narrowing found for one target: each probe's render, or why there were none. */
export type NarrowingResult =
  { probes: Array<{ probe: ValueProbe; output: RenderedTargetOutput }> } | { tooMany: number; bound: number };

const pathKey = (path: readonly PathSegment[]) => JSON.stringify(path);

/** The values as Helm merges `-f` files: mappings key by key, anything else (lists) replaces, `null` removes. */
export function mergeValues(layers: readonly ValuesLayer[]): JsonObject {
  const merge = (into: JsonObject, from: JsonObject) => {
    for (const [k, v] of Object.entries(from)) {
      if (v === null) delete into[k];
      else if (isObject(v) && isObject(into[k])) merge(into[k] as JsonObject, v);
      else into[k] = structuredClone(v);
    }
  };
  const out: JsonObject = {};
  for (const l of layers) merge(out, l.values);
  return out;
}

function getPath(root: unknown, path: readonly PathSegment[]): unknown {
  let node = root;
  for (const p of path) {
    if (!isObject(node) && !Array.isArray(node)) return undefined;
    node = (node as Record<string | number, unknown>)[p];
  }
  return node;
}

/**
 * Which values a pull request changed in one Helm target, and the renders that tell which of them
 * introduced a finding: for each changed value, head's values with that one set back to base's
 * (or removed when base had none), as one extra `-f` layer. At most `bound` renders; more changed
 * values and nothing is planned (the findings then say they could not be narrowed down). Values the
 * head removed are not probed (no head line to point at). Pure.
 */
export function planValueProbes(
  base: RenderTarget,
  head: RenderTarget,
  bound = DEFAULT_NARROWING_RENDERS,
): NarrowingPlan {
  if (!base.helm || !head.helm) return { probes: [] };
  const layersOf = (t: RenderTarget) => [...(t.helm!.defaults ? [t.helm!.defaults] : []), ...t.helm!.layers];
  const baseLayers = layersOf(base);
  const headLayers = layersOf(head);
  const baseValues = mergeValues(baseLayers);
  const baseLeaves = new Map(winningLeaves(baseLayers).map((l) => [pathKey(l.path), l.value]));
  // A change inside a list reverts the whole list (the first numeric segment's parent).
  const units = new Map<string, { path: PathSegment[]; at: ValuesLocation | undefined }>();
  for (const leaf of winningLeaves(headLayers)) {
    const key = pathKey(leaf.path);
    if (baseLeaves.has(key) && JSON.stringify(baseLeaves.get(key)) === JSON.stringify(leaf.value)) continue;
    const firstIndex = leaf.path.findIndex((p) => typeof p === 'number');
    const unit = firstIndex < 0 ? leaf.path : leaf.path.slice(0, firstIndex);
    if (unit.length === 0) continue;
    const unitKey = pathKey(unit);
    if (!units.has(unitKey))
      units.set(unitKey, { path: unit, at: headLayers[leaf.layer]?.locate(leaf.path) });
  }
  if (units.size > bound) return { tooMany: units.size, bound };
  const probes = [...units.values()].map(({ path, at }): ValueProbe => {
    const revert: JsonObject = {};
    let node = revert;
    path.forEach((p, i) => {
      if (i === path.length - 1) {
        const was = getPath(baseValues, path);
        node[p as string] = was === undefined ? null : structuredClone(was);
      } else node = node[p as string] = {};
    });
    const layer: ValuesLayer = { label: 'reverted value', values: revert, locate: () => undefined };
    return {
      path,
      at,
      target: {
        ...head,
        helm: { ...head.helm!, layers: [...head.helm!.layers, layer], mappingRender: false },
      },
    };
  });
  return { probes };
}

/**
 * Moves each finding the change introduced on a Helm target to the changed value that causes it:
 * the probe whose render (that value reverted) no longer has the finding. Several such values: the
 * one it already points at, else the first. None, or too many values to try: the finding stays
 * where the mapping put it and says it could not be narrowed down. Pure; `fingerprintsOf` judges a
 * probe's render (undefined when it did not render).
 */
export function narrowIntroduced(
  findings: readonly Finding[],
  result: NarrowingResult,
  fingerprintsOf: (output: RenderedTargetOutput) => Set<string> | undefined,
): Finding[] {
  if ('tooMany' in result)
    return findings.map((f) =>
      f.status === 'introduced' && f.resource
        ? {
            ...f,
            message: `${f.message} (could not be narrowed down to one changed value: ${result.tooMany} values changed, more than the ${result.bound} extra renders allowed per target, render.helm.narrowingRenders)`,
          }
        : f,
    );
  if (result.probes.length === 0) return [...findings];
  const rendered = result.probes.map(({ probe, output }) => ({
    probe,
    fingerprints: fingerprintsOf(output),
  }));
  const unknown = rendered.filter((r) => r.fingerprints === undefined).length;
  return findings.map((f) => {
    if (f.status !== 'introduced' || !f.resource) return f;
    const causes = rendered.filter((r) => r.fingerprints && !r.fingerprints.has(f.fingerprint) && r.probe.at);
    if (causes.length === 0)
      return {
        ...f,
        message: `${f.message} (could not be narrowed down to one changed value: ${
          unknown
            ? `${unknown} of the ${rendered.length} renders with a changed value reverted failed`
            : `it stays when any one of the ${rendered.length} changed values is reverted`
        })`,
      };
    const here = causes.find((c) => c.probe.at!.file === f.file && c.probe.at!.line === f.line);
    if (here) return f;
    const at = causes[0]!.probe.at!;
    const { fix: _fix, endLine: _end, ...rest } = f;
    void _fix;
    void _end;
    return {
      ...rest,
      file: at.file,
      line: at.line,
      column: at.column,
      ...(at.exact && at.endLine > at.line ? { endLine: at.endLine } : {}),
    };
  });
}
