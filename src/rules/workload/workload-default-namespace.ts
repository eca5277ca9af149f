import { defineRule } from '../../engine/index.js';
import { podSpecOf } from '../../manifests/index.js';

export default defineRule({
  id: 'workload-default-namespace',
  title: 'Workload in the default namespace',
  severity: 'low',
  category: 'workload',
  description:
    'The `default` namespace is where everything lands that was not placed on purpose: workloads there share its service account, quotas, network policies and RBAC with unrelated objects. Only an explicit `metadata.namespace: default` is reported: in GitOps repositories Kustomize or the Argo CD or Flux destination usually sets the namespace, so a missing one is not `default`.',
  remediation:
    'Deploy the workload to a dedicated namespace with its own RBAC, NetworkPolicies, quotas and Pod Security labels.',
  references: {
    links: ['https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/'],
  },
  match: (resource) => podSpecOf(resource) !== undefined && resource.namespace === 'default',
  check(_resource, context) {
    context.report({
      path: ['metadata', 'namespace'],
      message: 'The workload is deployed to the "default" namespace.',
    });
  },
});
