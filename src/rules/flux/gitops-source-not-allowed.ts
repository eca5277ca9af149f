import * as z from 'zod';
import { defineRule } from '../../engine/index.js';
import { isObject, type PathSegment } from '../../manifests/index.js';
import { trimTrailingSlashes } from '../../model/index.js';
import { appSourcesOf, appSpecOf, str } from '../argocd/_lib/argocd.js';
import { isFluxKind } from './_lib/flux.js';

/** `https://github.com/Org/repo.git`, `git@github.com:org/repo`, `oci://ghcr.io/org/chart` -> `github.com/org/repo`. */
function normalizeSourceUrl(url: string): string {
  let u = url.trim().toLowerCase();
  u = u.replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  u = u.replace(/^[^@/]+@/, '');
  const scp = /^([^/:]+):(?!\d+\/)(.*)$/.exec(u);
  if (scp) u = `${scp[1]}/${scp[2]}`;
  u = u.replace(/:\d+(?=\/|$)/, '');
  return trimTrailingSlashes(u.replace(/\.git$/, ''));
}

/** An allow-list entry covers a URL when it is the URL itself or a path prefix of it (`github.com/my-org`). */
function isAllowed(url: string, allowed: readonly string[]): boolean {
  const n = normalizeSourceUrl(url);
  for (const entry of allowed) {
    if (typeof entry !== 'string' || entry.trim() === '') continue;
    const a = normalizeSourceUrl(entry);
    if (n === a || n.startsWith(`${a}/`)) return true;
  }
  return false;
}

export default defineRule({
  id: 'gitops-source-not-allowed',
  title: 'GitOps source outside the allowed organisations',
  severity: 'high',
  category: 'flux',
  description:
    "Flux sources (GitRepository, HelmRepository, OCIRepository) and Argo CD Applications deploy whatever their repository contains. A source outside the organisations and registries the platform trusts puts the cluster in the hands of that repository's owners. Off by default: enable it with the `allowed` list (host and path prefixes such as `github.com/my-org`, `ghcr.io/my-org`, `charts.bitnami.com`).",
  remediation:
    'Point the source at a repository or registry of an allowed organisation (mirror the third-party chart or manifests there), or add the organisation to `allowed` after review.',
  references: {
    links: [
      'https://fluxcd.io/flux/security/',
      'https://argo-cd.readthedocs.io/en/stable/user-guide/projects/',
    ],
  },
  parameters: z.object({ allowed: z.array(z.string()).default([]) }),
  enabledByDefault: false,
  match: (r) =>
    isFluxKind(r, 'source', 'GitRepository', 'HelmRepository', 'OCIRepository') || appSpecOf(r) !== undefined,
  check(resource, context) {
    const allowed = context.params.allowed ?? [];
    if (allowed.length === 0) return;
    const urls: { url: string; path: PathSegment[] }[] = [];
    const app = appSpecOf(resource);
    if (app) {
      for (const s of appSourcesOf(app)) {
        const url = str(s.source.repoURL);
        if (url) urls.push({ url, path: [...s.path, 'repoURL'] });
      }
    } else if (isObject(resource.object.spec)) {
      const url = str(resource.object.spec.url);
      if (url) urls.push({ url, path: ['spec', 'url'] });
    }
    for (const { url, path } of urls) {
      if (url.includes('{{') || url.includes('${') || isAllowed(url, allowed)) continue;
      context.report({
        path,
        message: `${resource.kind} "${resource.name}" uses a source outside the allowed organisations (${normalizeSourceUrl(url).split('/').slice(0, 2).join('/')}).`,
      });
    }
  },
});
