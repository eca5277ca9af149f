import { defineRule } from '../../engine/index.js';
import { annotationsOf, getIn } from '../../manifests/index.js';

/** Cloud Ingress controllers that terminate TLS from an annotation rather than from spec.tls. */
function tlsByAnnotation(annotations: Record<string, string>): boolean {
  if (annotations['alb.ingress.kubernetes.io/certificate-arn']?.trim()) return true;
  if (/https/i.test(annotations['alb.ingress.kubernetes.io/listen-ports'] ?? '')) return true;
  if (annotations['networking.gke.io/managed-certificates']?.trim()) return true;
  if (annotations['ingress.gcp.kubernetes.io/pre-shared-cert']?.trim()) return true;
  if (annotations['appgw.ingress.kubernetes.io/appgw-ssl-certificate']?.trim()) return true;
  return false;
}

export default defineRule({
  id: 'network-ingress-tls',
  title: 'Ingress without TLS',
  severity: 'medium',
  category: 'network',
  description:
    'An Ingress without a `tls` section serves its hosts over plain HTTP: credentials, session cookies and data cross the network in clear text and can be read or altered on the way. TLS configured by annotation on AWS ALB (`certificate-arn`, HTTPS `listen-ports`), GKE (`managed-certificates`, `pre-shared-cert`) and Azure Application Gateway counts.',
  remediation:
    'Add `spec.tls` with the hosts and a certificate Secret (cert-manager can issue and renew it), and redirect HTTP to HTTPS.',
  references: {
    polaris: ['tlsSettingsMissing'],
    kubescape: ['C-0263'],
    links: ['https://kubernetes.io/docs/concepts/services-networking/ingress/#tls'],
  },
  match: (resource) =>
    resource.kind === 'Ingress' &&
    (resource.group === 'networking.k8s.io' || resource.group === 'extensions'),
  check(resource, context) {
    const tls = getIn(resource.object, ['spec', 'tls']);
    if (Array.isArray(tls) && tls.length > 0) return;
    if (tlsByAnnotation(annotationsOf(resource.object))) return;
    context.report({
      path: ['spec', 'tls'],
      message: `Ingress ${resource.name} has no TLS configuration: its hosts are served over plain HTTP.`,
      missing: tls === undefined,
    });
  },
});
