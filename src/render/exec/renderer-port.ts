import type { RendererPort } from '../../judge/types.js';
import { findRenderer, type Renderer, type RendererSettings } from './binaries.js';
import { DEFAULT_RENDER_LIMITS, renderTarget, type RenderLimits } from './render-target.js';

/** Targets rendered at once: each is one sandboxed process, and the machine is shared. */
const CONCURRENCY = 2;

/**
 * The renderer port of the judgement (src/judge), backed by the sandboxed binary: the one the
 * CLI and the app worker pass to `judgeChange`. `unavailable` when no renderer is found.
 */
export function createRendererPort(
  settings: RendererSettings = {},
  options: { renderer?: Renderer; limits?: Partial<RenderLimits>; env?: NodeJS.ProcessEnv } = {},
): RendererPort {
  const renderer = options.renderer ?? findRenderer(settings, options.env);
  if (!renderer)
    return {
      unavailable:
        settings.kustomize || settings.kubectl
          ? `The configured renderer (${settings.kustomize ?? settings.kubectl}) is not an executable file`
          : 'No kustomize or kubectl was found',
    };
  const limits = { ...DEFAULT_RENDER_LIMITS, ...options.limits };
  let running = 0;
  const waiting: Array<() => void> = [];
  const slot = async () => {
    if (running >= CONCURRENCY) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
  };
  const release = () => {
    running--;
    waiting.shift()?.();
  };
  return {
    async render(target, files) {
      await slot();
      try {
        return await renderTarget(target, files, renderer, limits);
      } finally {
        release();
      }
    },
  };
}
