import { defineRule } from '../../engine/index.js';
import { isObject } from '../../manifests/index.js';
import { isClusterLocalUrl, isTrue, str } from '../argocd/_lib/argocd.js';
import { FLUX_SECURITY_DOCS, isFluxKind } from './_lib/flux.js';

export default defineRule({
  id: 'flux-source-insecure',
  title: 'Flux source fetched without TLS',
  severity: 'high',
  category: 'flux',
  description:
    'A GitRepository, HelmRepository, OCIRepository or Bucket whose URL is `http://`, or that sets `insecure: true` (plain HTTP for OCI registries and buckets), is fetched without TLS: anyone on the network path can replace the manifests, charts or artifacts Flux applies to the cluster, and read the credentials it sends.',
  remediation:
    'Use an `https://`, `ssh://` or `oci://` URL over TLS and remove `insecure: true`; for a private CA set `spec.certSecretRef`.',
  references: { links: [FLUX_SECURITY_DOCS, 'https://fluxcd.io/flux/components/source/'] },
  match: (r) => isFluxKind(r, 'source', 'GitRepository', 'HelmRepository', 'OCIRepository', 'Bucket'),
  check(resource, context) {
    const spec = resource.object.spec;
    if (!isObject(spec)) return;
    const urlField = resource.kind === 'Bucket' ? 'endpoint' : 'url';
    const url = str(spec[urlField]);
    let reportedUrl = false;
    if (url && /^http:\/\//i.test(url)) {
      const local = isClusterLocalUrl(url);
      reportedUrl = true;
      context.report({
        path: ['spec', urlField],
        severity: local ? 'low' : undefined,
        message: `${resource.kind} "${resource.name}" is fetched over http://${local ? ' (inside the cluster)' : ''}, without TLS.`,
      });
    }
    if (isTrue(spec.insecure) && !reportedUrl) {
      const local = url !== undefined && isClusterLocalUrl(url.includes('://') ? url : `x://${url}`);
      context.report({
        path: ['spec', 'insecure'],
        severity: local ? 'low' : undefined,
        message: `${resource.kind} "${resource.name}" sets \`insecure: true\`: it is fetched over plain HTTP.`,
      });
    }
  },
});
