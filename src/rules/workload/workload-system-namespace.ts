import { defineRule } from '../../engine/index.js';
import { podSpecOf } from '../../manifests/index.js';

const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease']);
const SYSTEM_PRIORITY_CLASSES = new Set(['system-cluster-critical', 'system-node-critical']);

export default defineRule({
  id: 'workload-system-namespace',
  title: 'Workload in a Kubernetes system namespace',
  severity: 'medium',
  category: 'workload',
  description:
    "`kube-system` holds the control plane and cluster add-ons: it is usually exempt from Pod Security Admission and policy engines, and its service accounts and secrets are powerful, so an application placed there escapes the guardrails and sits next to the cluster's keys. `kube-public` and `kube-node-lease` are not meant for workloads at all. Only an explicit namespace is reported; cluster add-ons that declare `priorityClassName: system-cluster-critical` or `system-node-critical` are accepted.",
  remediation: 'Deploy the workload to a dedicated namespace; keep kube-system for cluster components.',
  references: {
    trivy: ['KSV-0037'],
    links: [
      'https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/#initial-namespaces',
    ],
  },
  match: (resource) =>
    podSpecOf(resource) !== undefined &&
    resource.namespace !== undefined &&
    SYSTEM_NAMESPACES.has(resource.namespace),
  check(resource, context) {
    const pod = podSpecOf(resource)!;
    const priority = pod.spec.priorityClassName;
    if (
      resource.namespace === 'kube-system' &&
      typeof priority === 'string' &&
      SYSTEM_PRIORITY_CLASSES.has(priority)
    )
      return;
    context.report({
      path: ['metadata', 'namespace'],
      message: `The workload is deployed to the system namespace "${resource.namespace}".`,
    });
  },
});
