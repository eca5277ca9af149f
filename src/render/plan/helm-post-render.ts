import { isObject, loadManifestFile, type Resource } from '../../manifests/index.js';
import type { HelmPlan } from './helm-chart.js';
import { helmSourceOf } from './helm-mapping.js';
import type { RenderTarget } from './targets.js';

/**
 * Flux HelmRelease `postRenderers` (docs/rendering.md#helm): the rendered chart goes through
 * kustomize with each post-renderer's patches and images, as helm-controller does. kustomize drops
 * Helm's `# Source:` comments, so each document carries its template and position in an annotation
 * of ours through the build, and the mapping reads it back.
 */
const HELM_SOURCE_ANNOTATION = 'gitops-guard.dev/helm-source';

export const POST_RENDER_INPUT = 'helm-output.yaml';

/** Helm's output with each resource's `# Source:` template and its index among that template's documents in an annotation. */
export function annotateHelmSources(output: string): string {
  const seen = new Map<string, number>();
  const docs: string[] = [];
  for (const r of loadManifestFile('rendered', output, undefined, undefined, { wholeSchemas: true })
    .resources) {
    const source = helmSourceOf(r.source.text) ?? '';
    const index = seen.get(source) ?? 0;
    seen.set(source, index + 1);
    const object = structuredClone(r.object);
    const metadata = isObject(object.metadata) ? object.metadata : (object.metadata = {});
    const annotations = isObject(metadata.annotations) ? metadata.annotations : (metadata.annotations = {});
    annotations[HELM_SOURCE_ANNOTATION] = `${index}#${source}`;
    docs.push(JSON.stringify(object));
  }
  return docs.join('\n---\n') + '\n';
}

/** Reads and removes our annotation: the template and index of the document a post-rendered resource came from. */
export function takeHelmSource(r: Resource): { source: string | undefined; index: number } | undefined {
  const metadata = r.object.metadata;
  if (!isObject(metadata) || !isObject(metadata.annotations)) return undefined;
  const raw = metadata.annotations[HELM_SOURCE_ANNOTATION];
  delete metadata.annotations[HELM_SOURCE_ANNOTATION];
  if (Object.keys(metadata.annotations).length === 0) delete metadata.annotations;
  if (typeof raw !== 'string') return undefined;
  const hash = raw.indexOf('#');
  const index = Number(raw.slice(0, hash));
  if (hash < 0 || !Number.isInteger(index)) return undefined;
  return { source: raw.slice(hash + 1) || undefined, index };
}

/** The kustomization of one post-renderer over the previous step's output (POST_RENDER_INPUT). */
export function postRendererKustomization(
  post: NonNullable<HelmPlan['postRenderers']>[number],
): Record<string, unknown> {
  return {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: [POST_RENDER_INPUT],
    ...(post.patches.length
      ? { patches: post.patches.map((p) => ({ patch: p.text, ...(p.target ? { target: p.target } : {}) })) }
      : {}),
    ...(post.images.length
      ? {
          images: post.images.map(({ name, newName, newTag, digest }) => ({
            name,
            ...(newName ? { newName } : {}),
            ...(newTag ? { newTag } : {}),
            ...(digest ? { digest } : {}),
          })),
        }
      : {}),
  };
}

/** A target whose only transformations are the post-renderers' patches and images: for the TargetMapper (mapping.ts). */
export function postRenderMappingTarget(target: RenderTarget): RenderTarget {
  const posts = target.helm?.postRenderers ?? [];
  return {
    ...target,
    dir: '',
    transforms: {
      patches: posts.flatMap((p) => p.patches),
      images: posts.flatMap((p) => p.images),
      components: [],
      labels: {},
      annotations: {},
      loadRestrictionsNone: false,
    },
    closure: { ...target.closure, kustomizations: new Map(), generatedResources: [] },
  };
}
