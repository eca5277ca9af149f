import type { Resource } from '../../manifests/index.js';
import { defineDelta } from './types.js';

const KINDS: Array<[string, string]> = [
  ['networking.k8s.io', 'NetworkPolicy'],
  ['cilium.io', 'CiliumNetworkPolicy'],
  ['cilium.io', 'CiliumClusterwideNetworkPolicy'],
  ['crd.projectcalico.org', 'NetworkPolicy'],
  ['crd.projectcalico.org', 'GlobalNetworkPolicy'],
  ['projectcalico.org', 'NetworkPolicy'],
  ['projectcalico.org', 'GlobalNetworkPolicy'],
  ['policy.networking.k8s.io', 'AdminNetworkPolicy'],
];

function isNetworkPolicy(r: Resource): boolean {
  return KINDS.some(([group, kind]) => r.group === group && r.kind === kind);
}

export default defineDelta({
  id: 'delta-networkpolicy-removed',
  title: 'Network policy removed',
  severity: 'medium',
  category: 'network',
  description:
    'The change deletes a NetworkPolicy (or a Cilium, Calico or admin network policy). Removing one is never a violation of a rule, because there is nothing left to check, but the pods it selected lose their network isolation: often every pod in the namespace becomes reachable from everywhere. Note: a policy moved to a file outside the change looks removed, because only changed files are compared.',
  remediation: 'Keep the policy, or replace it with one that selects the same pods before removing it.',
  references: { links: ['https://kubernetes.io/docs/concepts/services-networking/network-policies/'] },
  match: isNetworkPolicy,
  compare(base, head, context) {
    if (!base || head) return;
    context.report({
      path: ['metadata', 'name'],
      on: 'base',
      message: `${base.kind} ${base.namespace ? `${base.namespace}/` : ''}${base.name} is removed: the pods it selected lose its isolation.`,
    });
  },
});
