import { resourceRule } from './_lib/resources.js';

export default resourceRule({
  id: 'workload-memory-requests',
  title: 'Memory request missing',
  severity: 'low',
  field: 'requests',
  resource: 'memory',
  description:
    'Without a memory request the scheduler assumes the pod needs no memory; such pods are evicted first when the node runs short.',
  references: { polaris: ['memoryRequestsMissing'], checkov: ['CKV_K8S_12'], trivy: ['KSV-0016'] },
});
