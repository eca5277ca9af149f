import { loadManifestFile, type Resource } from '../../manifests/index.js';
import type { RepoView } from '../plan/closure.js';
import { discoverTargets, type RenderTarget, type TargetSettings } from '../plan/targets.js';
import type { RenderedTargetOutput } from '../plan/judge-rendered.js';
import type { Renderer } from './binaries.js';
import {
  DEFAULT_RENDER_LIMITS,
  renderTarget,
  type RenderLimits,
  type RepoFileSource,
} from './render-target.js';

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

/** Renders the targets (all of them, or those `only` keeps), two at a time. */
export async function renderRepository(
  repo: RepoView & RepoFileSource,
  renderer: Renderer,
  options: { settings?: TargetSettings; limits?: RenderLimits; only?: (t: RenderTarget) => boolean } = {},
): Promise<RenderedTargetOutput[]> {
  const targets = discoverTargets(repo, repositoryResources(repo), options.settings).filter(
    options.only ?? (() => true),
  );
  const out: RenderedTargetOutput[] = new Array(targets.length);
  let next = 0;
  const worker = async () => {
    while (next < targets.length) {
      const i = next++;
      out[i] = await renderTarget(targets[i]!, repo, renderer, options.limits ?? DEFAULT_RENDER_LIMITS);
    }
  };
  await Promise.all([worker(), worker()]);
  return out;
}
