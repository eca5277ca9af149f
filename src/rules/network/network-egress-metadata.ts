import { defineRule } from '../../engine/index.js';
import { getIn, isObject } from '../../manifests/index.js';
import { cidrContains, parseCidr } from './_lib/cidr.js';

const METADATA_V4 = '169.254.169.254';
/** AWS serves the instance metadata service on this IPv6 address too. */
const METADATA_V6 = 'fd00:ec2::254';

export default defineRule({
  id: 'network-egress-metadata',
  title: 'Egress to the cloud metadata endpoint allowed',
  severity: 'medium',
  category: 'network',
  description:
    "A NetworkPolicy egress rule to `0.0.0.0/0` (or `::/0`, or any block that contains the address) lets the pods reach the cloud instance metadata service at 169.254.169.254, which hands out the node's cloud credentials: a server-side request forgery becomes a cloud account compromise. The rule passes when the ipBlock's `except` lists 169.254.169.254/32 or a block that contains it, such as 169.254.0.0/16 (for IPv6 blocks, the AWS endpoint fd00:ec2::254).",
  remediation:
    "Add `169.254.169.254/32` (or `169.254.0.0/16`) to the ipBlock's `except` list, and block IMDS at the node as well (IMDSv2 with a hop limit of 1, GKE Workload Identity).",
  references: {
    links: [
      'https://kubernetes.io/docs/concepts/services-networking/network-policies/#networkpolicy-resource',
      'https://docs.aws.amazon.com/eks/latest/best-practices/identity-and-access-management.html#_restrict_access_to_the_instance_profile_assigned_to_the_worker_node',
    ],
  },
  match: (resource) => resource.kind === 'NetworkPolicy' && resource.group === 'networking.k8s.io',
  check(resource, context) {
    const egress = getIn(resource.object, ['spec', 'egress']);
    if (!Array.isArray(egress)) return;
    egress.forEach((rule, i) => {
      const to = isObject(rule) ? rule.to : undefined;
      if (!Array.isArray(to)) return;
      to.forEach((peer, j) => {
        const block = isObject(peer) ? peer.ipBlock : undefined;
        if (!isObject(block)) return;
        const cidr = parseCidr(block.cidr);
        if (!cidr) return;
        const target = cidr.family === 4 ? METADATA_V4 : METADATA_V6;
        if (!cidrContains(cidr, target) && !(cidr.family === 6 && cidr.prefix === 0)) return;
        const excepts = Array.isArray(block.except) ? block.except.map(parseCidr) : [];
        const excluded = excepts.some(
          (e) => e && (cidrContains(e, target) || (cidr.family === 6 && cidrContains(e, METADATA_V4))),
        );
        if (excluded) return;
        context.report({
          path: ['spec', 'egress', i, 'to', j, 'ipBlock', 'cidr'],
          message: `Egress to ${String(block.cidr).trim()} does not exclude the cloud metadata endpoint ${target}.`,
        });
      });
    });
  },
});
