import type { Resource } from '../../manifests/index.js';
import type { RepoFiles } from '../plan/closure.js';
import {
  discoverTargets,
  repositoryResources,
  type RenderTarget,
  type TargetSettings,
} from '../plan/targets.js';
import type { RenderedTargetOutput } from '../plan/judge-rendered.js';
import { helmTargetsInRendered, renderWithReleases } from '../plan/helm-in-kustomize.js';
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
  let running = 0;
  const waiting: Array<() => void> = [];
  const render = async (target: RenderTarget) => {
    if (running >= CONCURRENCY) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await renderTarget(
        target,
        repo,
        renderer,
        options.limits ?? DEFAULT_RENDER_LIMITS,
        options.remote,
      );
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
  // HelmReleases inside Kustomize targets are rendered from each target's output (helm-in-kustomize.ts).
  return renderWithReleases(targets, render, (kustomize, output) =>
    helmTargetsInRendered(kustomize, output, repo, resources, options.settings ?? {}),
  );
}

/** Targets rendered at once: each is one sandboxed process, and the machine is shared. */
const CONCURRENCY = 2;
