import { resourceRule } from './_lib/resources.js';

export default resourceRule({
  id: 'workload-cpu-limits',
  title: 'CPU limit missing',
  severity: 'low',
  field: 'limits',
  resource: 'cpu',
  description:
    'A container without a CPU limit can use every core of its node: a bug or a compromised process can starve the other pods there (denial of service).',
  references: {
    polaris: ['cpuLimitsMissing'],
    checkov: ['CKV_K8S_11'],
    trivy: ['KSV-0011'],
    kubescape: ['C-0270'],
  },
});
