import type { Resource } from '../../manifests/index.js';
import type { RepoFiles } from '../plan/closure.js';
import {
  discoverTargets,
  repositoryResources,
  type RenderTarget,
  type TargetSettings,
} from '../plan/targets.js';
import type { RenderedTargetOutput } from '../plan/judge-rendered.js';
import type { Renderer } from './binaries.js';
import type { RemoteFetchOptions } from './bounded-fetch.js';
import { DEFAULT_RENDER_LIMITS, renderTarget, type RenderLimits } from './render-target.js';

/** Renders the targets (all of them, or those `only` keeps), two at a time. */
export async function renderRepository(
  repo: RepoFiles,
  renderer: Renderer,
  options: {
    settings?: TargetSettings;
    limits?: RenderLimits;
    only?: (t: RenderTarget) => boolean;
    /** The repository's resources, when the caller has them (repositoryResources). */
    resources?: readonly Resource[];
    /** Where pulled charts and fetched remote bases are cached (tests), and their bounds. */
    remote?: RemoteFetchOptions;
  } = {},
): Promise<RenderedTargetOutput[]> {
  const resources = options.resources ?? repositoryResources(repo);
  const targets = discoverTargets(repo, resources, options.settings).filter(options.only ?? (() => true));
  const out: RenderedTargetOutput[] = new Array(targets.length);
  let next = 0;
  const worker = async () => {
    while (next < targets.length) {
      const i = next++;
      out[i] = await renderTarget(
        targets[i]!,
        repo,
        renderer,
        options.limits ?? DEFAULT_RENDER_LIMITS,
        options.remote,
      );
    }
  };
  await Promise.all([worker(), worker()]);
  return out;
}
