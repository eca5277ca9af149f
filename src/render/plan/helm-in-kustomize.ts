import { posix } from 'node:path';
import { isObject, type Resource } from '../../manifests/index.js';
import type { RepoView } from './closure.js';
import { embeddedLayer, helmTargetsOfReleases, valuesText, type HolderLayer } from './helm-targets.js';
import { parseValues, textLayer } from './helm-values.js';
import { kustomizeResources, type RenderedTargetOutput } from './judge-rendered.js';
import { helmSourceOwnership, targetIdentity, type RenderTarget, type TargetSettings } from './targets.js';

/**
 * A HelmRelease that a Kustomize target includes is deployed as that target renders it: an overlay
 * may patch its values, Flux may substitute variables in them, a configMapGenerator may make the
 * ConfigMap its `valuesFrom` names (with kustomize's hash suffix). So its Helm target is made from
 * the rendered HelmRelease, one per Kustomize target that includes it, and each value points at the
 * line that set it: the overlay's patch line, the base file's line, or the generator's values file.
 */
export function helmTargetsInRendered(
  kustomize: RenderTarget,
  output: string,
  repo: RepoView,
  resources: readonly Resource[],
  settings: TargetSettings,
): RenderTarget[] {
  const { resources: rendered, origins } = kustomizeResources(kustomize, output, (p) => repo.read(p));
  const releases = rendered.filter(
    (r) => r.kind === 'HelmRelease' && r.group === 'helm.toolkit.fluxcd.io' && origins.get(r)?.originFile,
  );
  if (releases.length === 0) return [];
  const holderLayer: HolderLayer = (holder, key, label) => {
    const origin = origins.get(holder);
    if (!origin) return undefined; // a repository resource outside the target: read as a file
    const read = valuesText(holder, key);
    if (!read) return undefined;
    if (origin.generatedBy) {
      // A generated ConfigMap / Secret: the generator's file for that key, else the generator's entry.
      const fromFile = generatorFile(kustomize, origin.generatedBy, holder, key);
      const text = fromFile ? repo.read(fromFile) : undefined;
      if (fromFile && text !== undefined && text === read.text) {
        const layer = textLayer(fromFile, text, 0, label);
        if ('layer' in layer) return { layer: layer.layer, file: fromFile };
      }
    } else if (origin.originFile) {
      // A ConfigMap of the repository the target does not change: its own lines.
      const raw = resources.find(
        (x) =>
          x.file === origin.originFile &&
          x.kind === holder.kind &&
          valuesText(x, key)?.text === read.text &&
          valuesText(x, key)?.embedded,
      );
      if (raw) {
        const layer = embeddedLayer(raw, [valuesText(raw, key)!.field, key], read.text, label);
        if ('layer' in layer) return { layer: layer.layer, file: raw.file };
      }
    }
    // Changed by the target (a patch) or generated from literals: every value points where the key was set.
    const parsed = parseValues(read.text);
    if ('error' in parsed) return undefined;
    const at = holder.source.locate([...holder.basePath, read.field, key]);
    const file = at.file ?? holder.file;
    return {
      layer: { label, values: parsed.values, locate: () => ({ ...at, file, document: undefined }) },
      file,
    };
  };
  const all = [...rendered, ...resources];
  return helmTargetsOfReleases(
    releases,
    repo,
    all,
    settings,
    helmSourceOwnership(all, settings),
    holderLayer,
  ).map((t) => ({
    ...t,
    label: `${t.label} in ${kustomize.label}`,
    // One release deployed by two Kustomize targets is two targets (base and head match by both).
    identity: `${targetIdentity(t)} in ${targetIdentity(kustomize)}`,
    // The Kustomize target's files decide its values: a change to them affects it too.
    closure: { ...t.closure, files: new Set([...t.closure.files, ...kustomize.closure.files]) },
  }));
}

/** The file a configMapGenerator / secretGenerator entry reads for `key` (`files: [key=path]` or `[path]`). */
function generatorFile(
  target: RenderTarget,
  kustomizationFile: string,
  holder: Resource,
  key: string,
): string | undefined {
  const dir = posix.dirname(kustomizationFile) === '.' ? '' : posix.dirname(kustomizationFile);
  const node = target.closure.kustomizations.get(dir);
  const o = node?.resource?.object;
  if (!o) return undefined;
  const list = holder.kind === 'Secret' ? o.secretGenerator : o.configMapGenerator;
  if (!Array.isArray(list)) return undefined;
  // The generated name is the generator's, with prefixes, suffixes and kustomize's hash around it: the longest contained.
  const generator = list
    .filter((g) => isObject(g) && typeof g.name === 'string' && holder.name.includes(g.name))
    .sort(
      (a, b) => String((b as { name: string }).name).length - String((a as { name: string }).name).length,
    )[0];
  if (!isObject(generator) || !Array.isArray(generator.files)) return undefined;
  for (const f of generator.files) {
    if (typeof f !== 'string') continue;
    const eq = f.indexOf('=');
    const name = eq >= 0 ? f.slice(0, eq) : posix.basename(f);
    if (name === key) return posix.normalize(posix.join(dir || '.', eq >= 0 ? f.slice(eq + 1) : f));
  }
  return undefined;
}

/**
 * Renders targets with HelmReleases inside Kustomize targets: first every target but those Helm
 * targets, then, from each Kustomize target that rendered, the Helm targets of its rendered
 * HelmReleases; a release whose Kustomize targets all failed is rendered from its file, as before.
 * No I/O of its own: `render` is the caller's (the renderer port, or the scan's sandboxed runner).
 */
export async function renderWithReleases(
  targets: readonly RenderTarget[],
  render: (target: RenderTarget) => Promise<RenderedTargetOutput>,
  derive: (kustomize: RenderTarget, output: string) => RenderTarget[],
): Promise<RenderedTargetOutput[]> {
  const labels = new Set(targets.map((t) => t.label));
  const deferred = (t: RenderTarget) => t.within?.some((l) => labels.has(l)) ?? false;
  const first = await Promise.all(targets.filter((t) => !deferred(t)).map(render));
  const rendered = new Set<string>();
  const derived: RenderTarget[] = [];
  for (const o of first) {
    if (o.target.helm || o.output === undefined || o.failure) continue;
    rendered.add(o.target.label);
    derived.push(...derive(o.target, o.output));
  }
  const fallback = targets.filter((t) => deferred(t) && !t.within!.some((l) => rendered.has(l)));
  const second = await Promise.all([...derived, ...fallback].map(render));
  return [...first, ...second];
}
