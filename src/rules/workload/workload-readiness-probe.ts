import { probeRule } from './_lib/probes.js';

export default probeRule({
  id: 'workload-readiness-probe',
  title: 'Readiness probe missing',
  field: 'readinessProbe',
  description:
    'Without a readiness probe a pod receives traffic as soon as it starts, before it can serve, and keeps receiving it when it stops being able to. Init containers, Jobs, CronJobs and Pods that run to completion are not checked.',
  references: {
    polaris: ['readinessProbeMissing'],
    'kube-linter': ['no-readiness-probe'],
    checkov: ['CKV_K8S_9'],
    kubescape: ['C-0018'],
  },
});
