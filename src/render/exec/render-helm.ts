import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { markStringValues } from '../plan/helm-values.js';
import {
  annotateHelmSources,
  POST_RENDER_INPUT,
  postRendererKustomization,
} from '../plan/helm-post-render.js';
import { pullChart } from './helm-pull.js';
import { pullOciChart } from './oci-pull.js';
import type { RemoteFetchOptions } from './bounded-fetch.js';
import type { RenderTarget } from '../plan/targets.js';
import type { Renderer } from './binaries.js';
import type { RepoFileSource } from '../plan/closure.js';
import type { RenderLimits, RenderOutcome } from './render-target.js';
import { cleanMessage, limitMessage, runSandboxed } from './sandbox.js';

/**
 * Renders one Helm target: `helm template` on a temporary copy of the chart (symlinks leaving
 * the repository refused), each values layer as one `-f` file, in the sandbox with Helm's
 * folders private and empty (no plugins, no repositories, no registry credentials), never
 * with `--enable-dns`, a post-renderer or a dependency update. A second render with marked
 * string values (helm-values.ts) tells the mapping which value fed each rendered string.
 */
export async function renderHelmTarget(
  target: RenderTarget,
  files: RepoFileSource,
  renderer: Renderer,
  limits: RenderLimits,
  pullOptions: RemoteFetchOptions = {},
): Promise<RenderOutcome> {
  const plan = target.helm!;
  if (plan.remote) return { target, output: '' };
  const consumerFile =
    target.by.resource?.file ?? (plan.chartDir ? `${plan.chartDir}/Chart.yaml` : 'Chart.yaml');
  if (!renderer.helm)
    return {
      target,
      failure: {
        kind: 'failed',
        message:
          'No helm binary was found (render.helm.binary, helm on PATH, or the bundled one): the chart was not rendered.',
        file: consumerFile,
      },
    };
  // A chart of an allowed chart repository or OCI registry: pulled (or taken from the cache) before the sandbox, which has no network.
  const pulled = plan.pull?.oci
    ? await pullOciChart({ ...plan.pull.oci, range: plan.pull.version }, pullOptions)
    : plan.pull
      ? await pullChart(plan.pull.repository, plan.pull.chart, plan.pull.version, pullOptions)
      : undefined;
  if (pulled && 'unavailable' in pulled)
    return { target, failure: { kind: 'unavailable', message: pulled.unavailable, file: consumerFile } };
  const work = mkdtempSync(join(tmpdir(), 'gitops-guard-helm-'));
  try {
    const tree = join(work, 'repo');
    const home = join(work, 'home');
    mkdirSync(join(home, 'plugins'), { recursive: true });
    let bytes = 0;
    const copy = (from: string, to: string): RenderOutcome | undefined => {
      const read = from.endsWith('.tgz')
        ? (files.readBytesForCopy?.(from) ?? {
            refused: `${from} is a packaged chart, which this reader cannot copy.`,
          })
        : files.readForCopy(from);
      if (!read) return undefined;
      if ('refused' in read)
        return { target, failure: { kind: 'refused', message: read.refused, file: from } };
      const content = 'text' in read ? read.text : read.bytes;
      bytes += typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength;
      if (bytes > limits.maxInputBytes)
        return {
          target,
          failure: {
            kind: 'limit',
            message: `The chart's files exceed ${limits.maxInputBytes} bytes; it was not rendered.`,
            file: from,
          },
        };
      mkdirSync(dirname(join(tree, to)), { recursive: true });
      writeFileSync(join(tree, to), content);
      return undefined;
    };
    const prefix = plan.chartDir ? `${plan.chartDir}/` : '';
    for (const path of [...target.closure.files].sort()) {
      if (!path.startsWith(prefix)) continue;
      const stop = copy(path, path);
      if (stop) return stop;
    }
    for (const dep of plan.localDependencies) {
      const depPrefix = dep.from ? `${dep.from}/` : '';
      for (const path of [...target.closure.files].sort()) {
        if (!path.startsWith(depPrefix)) continue;
        const stop = copy(path, `${prefix}charts/${dep.name}/${path.slice(depPrefix.length)}`);
        if (stop) return stop;
      }
    }
    mkdirSync(join(tree, plan.chartDir), { recursive: true });
    let chartRoot = join(tree, plan.chartDir);
    if (pulled && 'bytes' in pulled) {
      chartRoot = join(work, 'pulled-chart.tgz');
      writeFileSync(chartRoot, pulled.bytes);
    }
    const env = {
      HELM_CACHE_HOME: join(home, 'cache'),
      HELM_CONFIG_HOME: join(home, 'config'),
      HELM_DATA_HOME: join(home, 'data'),
      HELM_PLUGINS: join(home, 'plugins'),
      HELM_REGISTRY_CONFIG: join(home, 'config', 'registry.json'),
      HELM_REPOSITORY_CONFIG: join(home, 'config', 'repositories.yaml'),
      HELM_REPOSITORY_CACHE: join(home, 'cache', 'repository'),
      HELM_KUBECONTEXT: '',
    };
    const run = async (layers: readonly unknown[], name: string) => {
      const args = ['template', plan.releaseName, chartRoot, '--namespace', plan.namespace];
      layers.forEach((values, i) => {
        const file = join(work, `${name}-${i}.yaml`);
        writeFileSync(file, JSON.stringify(values));
        args.push('--values', file);
      });
      if (plan.includeCrds) args.push('--include-crds');
      if (plan.kubeVersion) args.push('--kube-version', plan.kubeVersion);
      return runSandboxed(renderer.helm!.path, args, { cwd: work, home, limits, env });
    };
    const result = await run(
      plan.layers.map((l) => l.values),
      'values',
    );
    if (result.limit)
      return {
        target,
        failure: { kind: 'limit', message: limitMessage(result.limit, limits), file: consumerFile },
      };
    if (result.code !== 0)
      return {
        target,
        failure: {
          kind: 'failed',
          message: cleanMessage(result.stderr.split(`${work}/`).join(''), tree, 'helm'),
          file: consumerFile,
        },
      };
    // HelmRelease postRenderers: each a kustomize build over the previous output, in the same sandbox.
    let output = result.stdout;
    for (const [i, post] of (plan.postRenderers ?? []).entries()) {
      const dir = join(work, `post-renderer-${i}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, POST_RENDER_INPUT), i === 0 ? annotateHelmSources(output) : output);
      writeFileSync(join(dir, 'kustomization.yaml'), JSON.stringify(postRendererKustomization(post)));
      const args = renderer.kind === 'kubectl' ? ['kustomize', dir] : ['build', dir];
      const built = await runSandboxed(renderer.path, args, { cwd: dir, home, limits });
      if (built.limit)
        return {
          target,
          failure: { kind: 'limit', message: limitMessage(built.limit, limits), file: consumerFile },
        };
      if (built.code !== 0)
        return {
          target,
          failure: {
            kind: 'failed',
            message: `postRenderers[${i}]: ${cleanMessage(built.stderr.split(`${work}/`).join(''), dir)}`,
            file: consumerFile,
          },
        };
      output = built.stdout;
    }
    if (plan.mappingRender === false) return { target, output };
    const all = [...(plan.defaults ? [plan.defaults] : []), ...plan.layers];
    const { marked, ids } = markStringValues(all);
    if (ids.length === 0) return { target, output };
    // Best effort: a chart that branches on a string value may render differently or fail; the mapping then falls back.
    const mapping = await run(marked, 'marked');
    return {
      target,
      output,
      ...(mapping.code === 0 && !mapping.limit ? { mappingOutput: mapping.stdout } : {}),
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
