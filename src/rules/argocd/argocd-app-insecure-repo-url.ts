import { defineRule } from '../../engine/index.js';
import { isObject, type PathSegment } from '../../manifests/index.js';
import {
  appSourcesOf,
  appSpecOf,
  ARGOCD_SECURITY_DOCS,
  isClusterLocalUrl,
  plaintextScheme,
  str,
} from './_lib/argocd.js';

/** repoURL fields inside ApplicationSet generators (git, scm, plugin...), nested matrix and merge generators included. */
function generatorRepoUrls(
  value: unknown,
  path: PathSegment[],
  out: { url: string; path: PathSegment[] }[],
  depth = 0,
): void {
  if (depth > 12) return;
  if (Array.isArray(value)) value.forEach((v, i) => generatorRepoUrls(v, [...path, i], out, depth + 1));
  else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if ((k === 'repoURL' || k === 'repoUrl') && typeof v === 'string')
        out.push({ url: v, path: [...path, k] });
      else if (k !== 'template' && k !== 'values') generatorRepoUrls(v, [...path, k], out, depth + 1);
    }
  }
}

export default defineRule({
  id: 'argocd-app-insecure-repo-url',
  title: 'Application source fetched over plain HTTP',
  severity: 'high',
  category: 'argocd',
  description:
    'A `repoURL` over `http://` (or `git://`) is fetched without TLS: anyone on the network path can read the credentials Argo CD sends and replace the manifests it deploys, which is code execution in the destination cluster.',
  remediation: 'Use an `https://`, `ssh://` or `oci://` URL for `repoURL`.',
  references: { links: [ARGOCD_SECURITY_DOCS] },
  match: (r) => appSpecOf(r) !== undefined,
  check(resource, context) {
    const app = appSpecOf(resource)!;
    const urls: { url: string; path: PathSegment[] }[] = [];
    for (const s of appSourcesOf(app)) {
      const url = str(s.source.repoURL);
      if (url) urls.push({ url, path: [...s.path, 'repoURL'] });
    }
    if (app.kind === 'ApplicationSet')
      generatorRepoUrls(
        resource.object.spec && isObject(resource.object.spec) ? resource.object.spec.generators : undefined,
        ['spec', 'generators'],
        urls,
      );
    for (const { url, path } of urls) {
      const scheme = plaintextScheme(url);
      if (!scheme) continue;
      const local = isClusterLocalUrl(url);
      context.report({
        path,
        severity: local ? 'low' : undefined,
        message: `${app.kind} "${resource.name}" fetches its source over ${scheme}${local ? ' (inside the cluster)' : ''}, without TLS.`,
      });
    }
  },
});
