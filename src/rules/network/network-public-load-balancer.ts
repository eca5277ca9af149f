import * as z from 'zod';
import { defineRule } from '../../engine/index.js';
import { getIn, isObject } from '../../manifests/index.js';

/** Annotations that make a cloud provider create an internal (private) load balancer. */
const INTERNAL_LB_ANNOTATIONS: { key: string; value?: string }[] = [
  { key: 'service.beta.kubernetes.io/aws-load-balancer-internal', value: 'true' }, // AWS in-tree / legacy
  { key: 'service.beta.kubernetes.io/aws-load-balancer-scheme', value: 'internal' }, // AWS Load Balancer Controller
  { key: 'service.beta.kubernetes.io/azure-load-balancer-internal', value: 'true' },
  { key: 'networking.gke.io/load-balancer-type', value: 'Internal' },
  { key: 'cloud.google.com/load-balancer-type', value: 'Internal' },
  { key: 'service.beta.kubernetes.io/oci-load-balancer-internal', value: 'true' },
  { key: 'oci-network-load-balancer.oraclecloud.com/internal', value: 'true' },
  { key: 'service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type', value: 'private' },
  { key: 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type', value: 'intranet' },
  { key: 'service.beta.kubernetes.io/openstack-internal-load-balancer', value: 'true' },
  { key: 'service.beta.kubernetes.io/do-loadbalancer-network', value: 'INTERNAL' },
  { key: 'load-balancer.hetzner.cloud/disable-public-network', value: 'true' },
  { key: 'service.kubernetes.io/qcloud-loadbalancer-internal-subnetid' }, // Tencent Cloud: any subnet id
];

const OPEN = new Set(['0.0.0.0/0', '::/0']);

function sourceRangesRestricted(object: Record<string, unknown>): boolean {
  let ranges: string[] = [];
  const spec = getIn(object, ['spec', 'loadBalancerSourceRanges']);
  if (Array.isArray(spec))
    ranges = spec.filter((r): r is string => typeof r === 'string').map((r) => r.trim());
  const annotation = getIn(object, [
    'metadata',
    'annotations',
    'service.beta.kubernetes.io/load-balancer-source-ranges',
  ]);
  if (ranges.length === 0 && typeof annotation === 'string')
    ranges = annotation.split(',').map((r) => r.trim());
  ranges = ranges.filter(Boolean);
  return ranges.length > 0 && !ranges.some((r) => OPEN.has(r));
}

export default defineRule({
  id: 'network-public-load-balancer',
  title: 'Public LoadBalancer Service',
  severity: 'medium',
  category: 'network',
  description:
    'A Service of type LoadBalancer gets a public address from the cloud provider unless an annotation asks for an internal one: the pods behind it are reachable from the internet, bypassing the Ingress, its TLS and authentication. Internal load-balancer annotations of AWS, Azure, GCP, OCI, IBM Cloud, Alibaba Cloud, OpenStack, DigitalOcean, Hetzner and Tencent Cloud are accepted (parameter `internalAnnotations`: key and optional value, compared case-insensitively), and so is a `loadBalancerSourceRanges` list that does not contain 0.0.0.0/0. Ingress controllers and gateways meant to be public are reported too: suppress the finding with a reason.',
  remediation:
    'Add the internal load-balancer annotation of your provider (for example `service.beta.kubernetes.io/aws-load-balancer-scheme: internal`), restrict `loadBalancerSourceRanges`, or expose the application through the Ingress.',
  references: {
    links: ['https://kubernetes.io/docs/concepts/services-networking/service/#internal-load-balancer'],
  },
  parameters: z.object({
    internalAnnotations: z
      .array(z.object({ key: z.string(), value: z.string().optional() }))
      .default(INTERNAL_LB_ANNOTATIONS),
  }),
  match: (resource) => resource.kind === 'Service' && resource.group === '',
  check(resource, context) {
    if (getIn(resource.object, ['spec', 'type']) !== 'LoadBalancer') return;
    const annotations = getIn(resource.object, ['metadata', 'annotations']);
    if (isObject(annotations)) {
      for (const { key, value } of context.params.internalAnnotations) {
        const actual = annotations[key];
        if (actual === undefined || actual === null) continue;
        const text = String(actual).trim();
        if (value === undefined ? text !== '' : text.toLowerCase() === value.toLowerCase()) return;
      }
    }
    if (sourceRangesRestricted(resource.object)) return;
    context.report({
      path: ['spec', 'type'],
      message: `Service ${resource.name} is a LoadBalancer without an internal load-balancer annotation or restricted source ranges: it gets a public address.`,
    });
  },
});
