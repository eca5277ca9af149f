import { resourceRule } from './_lib/resources.js';

export default resourceRule({
  id: 'workload-cpu-requests',
  title: 'CPU request missing',
  severity: 'low',
  field: 'requests',
  resource: 'cpu',
  description:
    'Without a CPU request the scheduler places the pod as if it needed no CPU, so nodes get overcommitted and the container is the first to be starved under contention.',
  references: {
    polaris: ['cpuRequestsMissing'],
    'kube-linter': ['unset-cpu-requirements'],
    checkov: ['CKV_K8S_10'],
    trivy: ['KSV-0015'],
  },
});
