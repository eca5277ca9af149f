import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import { hardenedCase } from '../workload/__fixtures__/hardened.js';
import rule from './network-public-load-balancer.js';

const lb = (name: string, annotations: string, extra = '') => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
  annotations: {${annotations}}
spec:
  type: LoadBalancer${extra}
`;

runRuleTests(rule, {
  valid: [
    hardenedCase,
    {
      name: 'AWS load balancer controller internal scheme',
      yaml: lb('aws', 'service.beta.kubernetes.io/aws-load-balancer-scheme: internal'),
    },
    {
      name: 'AWS legacy internal annotation, unquoted boolean',
      yaml: lb('aws-legacy', 'service.beta.kubernetes.io/aws-load-balancer-internal: true'),
    },
    {
      name: 'Azure internal',
      yaml: lb('azure', 'service.beta.kubernetes.io/azure-load-balancer-internal: "true"'),
    },
    { name: 'GKE internal, lower case', yaml: lb('gke', 'networking.gke.io/load-balancer-type: internal') },
    { name: 'GCP legacy internal', yaml: lb('gcp', 'cloud.google.com/load-balancer-type: Internal') },
    {
      name: 'OCI internal',
      yaml: lb('oci', 'service.beta.kubernetes.io/oci-load-balancer-internal: "true"'),
    },
    {
      name: 'IBM private',
      yaml: lb('ibm', 'service.kubernetes.io/ibm-load-balancer-cloud-provider-ip-type: private'),
    },
    {
      name: 'Alibaba intranet',
      yaml: lb('ali', 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type: intranet'),
    },
    {
      name: 'OpenStack internal',
      yaml: lb('os', 'service.beta.kubernetes.io/openstack-internal-load-balancer: "true"'),
    },
    {
      name: 'DigitalOcean internal',
      yaml: lb('do', 'service.beta.kubernetes.io/do-loadbalancer-network: INTERNAL'),
    },
    {
      name: 'restricted source ranges',
      yaml: lb('ranges', '', '\n  loadBalancerSourceRanges: [203.0.113.0/24]'),
    },
    {
      name: 'custom accepted annotation',
      yaml: lb('custom', 'example.com/private: "yes"'),
      params: { internalAnnotations: [{ key: 'example.com/private', value: 'yes' }] },
    },
  ],
  invalid: [
    {
      name: 'no annotation, external scheme, open source ranges',
      yaml: `${lb('public', '')}---
${lb('external', 'service.beta.kubernetes.io/aws-load-balancer-scheme: internet-facing')}---
${lb('open', 'service.beta.kubernetes.io/azure-load-balancer-internal: "false"', '\n  loadBalancerSourceRanges: [0.0.0.0/0]')}`,
      errors: [
        {
          line: 7,
          column: 3,
          message: 'Service public is a LoadBalancer without an internal load-balancer annotation',
          severity: 'medium',
        },
        { line: 15, message: 'Service external' },
        { line: 23, message: 'Service open' },
      ],
    },
  ],
});
