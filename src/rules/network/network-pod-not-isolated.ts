import { defineRule, type ResourceDependency } from '../../engine/index.js';
import { labelsOf, podSpecOf, type Resource } from '../../manifests/index.js';
import { matchesLabelSelector } from '../../policy/match.js';

const policyIndexes = new WeakMap<readonly Resource[], Map<string, Resource[]>>();

/** The NetworkPolicies of the scan by namespace, built once per scan. */
function policiesByNamespace(resources: readonly Resource[]): Map<string, Resource[]> {
  let index = policyIndexes.get(resources);
  if (!index) {
    index = new Map();
    for (const r of resources) {
      if (
        r.kind !== 'NetworkPolicy' ||
        r.group !== 'networking.k8s.io' ||
        r.isPatch ||
        r.namespace === undefined
      )
        continue;
      const list = index.get(r.namespace) ?? [];
      list.push(r);
      index.set(r.namespace, list);
    }
    policyIndexes.set(resources, index);
  }
  return index;
}

/** A pod reads every NetworkPolicy of its namespace (whether any exists there decides whether it is judged). */
const NAMESPACE_POLICIES: ResourceDependency = {
  kinds: ['networking.k8s.io/NetworkPolicy'],
  relation: {
    name: 'namespace',
    description: 'every NetworkPolicy of its namespace',
    links: (pod, policy) => pod.namespace !== undefined && pod.namespace === policy.namespace,
    needles: (pod) => (pod.namespace === undefined ? [] : [pod.namespace]),
    readerNeedles: (policy) => (policy.namespace === undefined ? [] : [policy.namespace]),
  },
};

export default defineRule({
  id: 'network-pod-not-isolated',
  title: 'Pods no NetworkPolicy selects',
  severity: 'medium',
  category: 'network',
  description:
    'A pod that no NetworkPolicy selects accepts connections from every pod of the cluster and reaches anything, even in a namespace whose other pods are isolated: a default-deny policy or one per workload is what limits the blast radius of a compromised pod. Judged only in namespaces for which the repository holds NetworkPolicies (a namespace without any in the scan may have them elsewhere, so it is not judged), and only for workloads with a namespace set.',
  remediation:
    "Add a NetworkPolicy whose podSelector selects the workload's pod labels (or a default-deny policy with `podSelector: {}`) and allow only the traffic it needs.",
  references: {
    links: ['https://kubernetes.io/docs/concepts/services-networking/network-policies/#default-policies'],
  },
  dependsOn: [NAMESPACE_POLICIES],
  match: (resource) =>
    resource.namespace !== undefined && !resource.isPatch && podSpecOf(resource) !== undefined,
  check(resource, context) {
    const policies = policiesByNamespace(context.resources).get(resource.namespace!);
    if (!policies) return;
    const pod = podSpecOf(resource)!;
    const labels = labelsOf({ metadata: pod.metadata });
    const unreadable: string[] = [];
    for (const policy of policies) {
      const spec = policy.object.spec;
      const selector =
        typeof spec === 'object' && spec !== null && !Array.isArray(spec)
          ? (spec as Record<string, unknown>).podSelector
          : undefined;
      try {
        if (selector !== undefined && matchesLabelSelector(labels, selector)) return;
      } catch {
        unreadable.push(policy.name);
      }
    }
    const note =
      unreadable.length > 0
        ? ` (the podSelector of ${unreadable.join(', ')} could not be read, so it was not evaluated)`
        : '';
    context.report({
      path: [...pod.metadataPath, 'labels'],
      missing: true,
      message: `No NetworkPolicy of namespace ${resource.namespace} selects the pods of ${resource.kind} ${resource.name}: they accept traffic from any pod and reach anything${note}.`,
    });
  },
});
