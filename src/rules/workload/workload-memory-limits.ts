import { resourceRule } from './_lib/resources.js';

export default resourceRule({
  id: 'workload-memory-limits',
  title: 'Memory limit missing',
  severity: 'medium',
  field: 'limits',
  resource: 'memory',
  description:
    'A container without a memory limit can take all the memory of its node: a leak or an attacker can push the node into out-of-memory kills of other workloads (denial of service).',
  references: {
    polaris: ['memoryLimitsMissing'],
    'kube-linter': ['unset-memory-requirements'],
    checkov: ['CKV_K8S_13'],
    trivy: ['KSV-0018'],
    kubescape: ['C-0271'],
  },
});
