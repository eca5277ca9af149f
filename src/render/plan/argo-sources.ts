import { isObject, type JsonObject, type PathSegment, type Resource } from '../../manifests/index.js';

/** An Argo CD Application's spec, or an ApplicationSet's template spec, and where it stands. */
export function argoApplicationSpec(r: Resource): { appSpec: JsonObject; appSpecPath: PathSegment[] } {
  const spec = isObject(r.object.spec) ? r.object.spec : {};
  if (r.kind !== 'ApplicationSet') return { appSpec: spec, appSpecPath: ['spec'] };
  const appSpec = isObject(spec.template) && isObject(spec.template.spec) ? spec.template.spec : {};
  return { appSpec, appSpecPath: ['spec', 'template', 'spec'] };
}

/** The sources of an Argo CD Application (or an ApplicationSet's template), with where each stands. */
export function argoSources(r: Resource): Array<{ source: JsonObject; path: PathSegment[] }> {
  const { appSpec, appSpecPath } = argoApplicationSpec(r);
  const sources: Array<{ source: JsonObject; path: PathSegment[] }> = [];
  if (isObject(appSpec.source)) sources.push({ source: appSpec.source, path: [...appSpecPath, 'source'] });
  if (Array.isArray(appSpec.sources))
    appSpec.sources.forEach(
      (s, i) => isObject(s) && sources.push({ source: s, path: [...appSpecPath, 'sources', i] }),
    );
  return sources;
}
