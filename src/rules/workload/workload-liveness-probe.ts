import { probeRule } from './_lib/probes.js';

export default probeRule({
  id: 'workload-liveness-probe',
  title: 'Liveness probe missing',
  field: 'livenessProbe',
  description:
    'Without a liveness probe the kubelet cannot tell a hung container from a healthy one and never restarts it. Init containers, Jobs, CronJobs and Pods that run to completion are not checked.',
  references: {
    polaris: ['livenessProbeMissing'],
    'kube-linter': ['no-liveness-probe'],
    checkov: ['CKV_K8S_8'],
    kubescape: ['C-0056'],
  },
});
