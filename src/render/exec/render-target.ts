import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse as parseYaml, stringify } from 'yaml';
import type { RepoFileSource } from '../plan/closure.js';
import { kustomizationFileIn, type SourceRef } from '../plan/kustomization.js';
import type { RenderTarget } from '../plan/targets.js';
import type { Renderer } from './binaries.js';
import type { RemoteFetchOptions } from './bounded-fetch.js';
import { renderHelmTarget } from './render-helm.js';
import { includeRemoteBases } from './remote-bases.js';
import { cleanMessage, limitMessage, runSandboxed, type SandboxLimits } from './sandbox.js';

export interface RenderLimits extends SandboxLimits {
  /** Bytes of repository files one target may copy. */
  maxInputBytes: number;
}

export const DEFAULT_RENDER_LIMITS: RenderLimits = {
  timeoutMs: 30_000,
  maxOutputBytes: 32 * 1024 * 1024,
  maxMemoryBytes: 2 * 1024 * 1024 * 1024,
  maxInputBytes: 64 * 1024 * 1024,
};

/** `unavailable`: a chart of an allowed repository that could not be pulled (a note, not a failure of the change). */
type RenderFailureKind = 'failed' | 'refused' | 'limit' | 'unavailable';

export interface RenderOutcome {
  target: RenderTarget;
  /** `kustomize build` output with origin annotations (paths relative to the target folder). */
  output?: string;
  /** Helm targets: the same chart rendered with marked string values, to tell which value fed a field. */
  mappingOutput?: string;
  /** `at`: the line that led to it, when it is not the file's first (a remote base's entry). */
  failure?: { kind: RenderFailureKind; message: string; file?: string; at?: SourceRef };
}

const ORIGIN_META = 'originAnnotations';

/**
 * Renders one target on a temporary copy of exactly the repository files its closure needs,
 * with the controller's transformations written into the copy's kustomization (never into
 * the user's files) and origin annotations on, in the sandbox.
 */
export async function renderTarget(
  target: RenderTarget,
  files: RepoFileSource,
  renderer: Renderer,
  limits: RenderLimits = DEFAULT_RENDER_LIMITS,
  remote: RemoteFetchOptions = {},
): Promise<RenderOutcome> {
  const refusal = target.closure.problems.find((p) => p.kind !== 'unsupported' && p.kind !== 'missing');
  if (refusal)
    return {
      target,
      failure: {
        kind: refusal.kind === 'depth' || refusal.kind === 'too-large' ? 'limit' : 'refused',
        message: refusal.message,
        file: refusal.file,
      },
    };
  if (target.helm) return renderHelmTarget(target, files, renderer, limits, remote);
  const work = mkdtempSync(join(tmpdir(), 'gitops-guard-render-'));
  try {
    const tree = join(work, 'repo');
    const home = join(work, 'home');
    mkdirSync(home, { recursive: true });
    let bytes = 0;
    for (const path of [...target.closure.files].sort()) {
      const read = files.readForCopy(path);
      if (!read) continue;
      if ('refused' in read)
        return { target, failure: { kind: 'refused', message: read.refused, file: path } };
      bytes += Buffer.byteLength(read.text);
      if (bytes > limits.maxInputBytes)
        return {
          target,
          failure: {
            kind: 'limit',
            message: `The target's files exceed ${limits.maxInputBytes} bytes; it was not rendered.`,
            file: path,
          },
        };
      mkdirSync(dirname(join(tree, path)), { recursive: true });
      writeFileSync(join(tree, path), read.text);
    }
    // Allowed remote bases: fetched by us, copied into the tree, their entries rewritten to the copies.
    const remoteFailure = target.closure.remotes.length
      ? await includeRemoteBases(target.closure.remotes, tree, target.remoteBases, {
          ...remote,
          maxInputBytes: limits.maxInputBytes - bytes,
        })
      : undefined;
    if (remoteFailure) return { target, failure: remoteFailure };
    const rootDir = join(tree, target.dir);
    mkdirSync(rootDir, { recursive: true });
    const existing = kustomizationFileIn(target.dir, (p) => target.closure.files.has(p));
    const kustomization = existing
      ? (safeParse({ text: readFileSync(join(tree, existing), 'utf8') }) ?? {})
      : generatedKustomization(target);
    const kustomizationPath = existing ? join(tree, existing) : join(rootDir, 'kustomization.yaml');
    writeFileSync(kustomizationPath, stringify(withControllerTransforms(kustomization, target)));
    const args = renderer.kind === 'kubectl' ? ['kustomize', rootDir] : ['build', rootDir];
    if (target.transforms.loadRestrictionsNone) args.push('--load-restrictor', 'LoadRestrictionsNone');
    const result = await runSandboxed(renderer.path, args, { cwd: rootDir, home, limits });
    if (result.limit)
      return {
        target,
        failure: { kind: 'limit', message: limitMessage(result.limit, limits), file: existing ?? target.dir },
      };
    if (result.code !== 0)
      return {
        target,
        failure: { kind: 'failed', message: cleanMessage(result.stderr, tree), file: existing ?? target.dir },
      };
    return { target, output: result.stdout };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function safeParse(read: ReturnType<RepoFileSource['readForCopy']>): Record<string, unknown> | undefined {
  if (!read || 'refused' in read) return undefined;
  try {
    const value: unknown = parseYaml(read.text, { maxAliasCount: 100 });
    return value && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function generatedKustomization(target: RenderTarget): Record<string, unknown> {
  const prefix = target.dir ? `${target.dir}/` : '';
  return {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: target.closure.generatedResources.map((p) => p.slice(prefix.length)),
  };
}

/** Writes a controller's transformations into a kustomization, as Flux's generator and Argo CD's `kustomize edit` do. */
function withControllerTransforms(k: Record<string, unknown>, target: RenderTarget): Record<string, unknown> {
  const t = target.transforms;
  const out: Record<string, unknown> = { ...k };
  const meta = Array.isArray(out.buildMetadata) ? (out.buildMetadata as unknown[]) : [];
  out.buildMetadata = [...new Set([...meta.filter((m) => m === 'managedByLabel'), ORIGIN_META])];
  if (t.namespace) out.namespace = t.namespace.value;
  if (t.namePrefix !== undefined) out.namePrefix = t.namePrefix;
  if (t.nameSuffix !== undefined) out.nameSuffix = t.nameSuffix;
  const rel = (repoPath: string) => relativePosix(target.dir, repoPath);
  if (t.components.length)
    out.components = [...(Array.isArray(out.components) ? out.components : []), ...t.components.map(rel)];
  if (t.patches.length) {
    out.patches = [
      ...(Array.isArray(out.patches) ? out.patches : []),
      ...t.patches.map((p) => ({ patch: p.text, ...(p.target ? { target: p.target } : {}) })),
    ];
  }
  if (t.images.length)
    out.images = [
      ...(Array.isArray(out.images) ? out.images : []),
      ...t.images.map(({ name, newName, newTag, digest }) => ({
        name,
        ...(newName ? { newName } : {}),
        ...(newTag ? { newTag } : {}),
        ...(digest ? { digest } : {}),
      })),
    ];
  if (Object.keys(t.labels).length) {
    if (target.by.kind === 'argocd') out.commonLabels = { ...(out.commonLabels as object), ...t.labels };
    else out.labels = [...(Array.isArray(out.labels) ? out.labels : []), { pairs: t.labels }];
  }
  if (Object.keys(t.annotations).length)
    out.commonAnnotations = { ...(out.commonAnnotations as object), ...t.annotations };
  return out;
}

function relativePosix(from: string, to: string): string {
  const a = from ? from.split('/') : [];
  const b = to ? to.split('/') : [];
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/') || '.';
}
