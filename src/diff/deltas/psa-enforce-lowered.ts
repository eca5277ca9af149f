import { labelsOf } from '../../manifests/index.js';
import { defineDelta } from './types.js';

const PSA_ENFORCE = 'pod-security.kubernetes.io/enforce';
const LEVELS = ['privileged', 'baseline', 'restricted'];

/** 0 privileged, 1 baseline, 2 restricted; -1 when unset or unknown (Kubernetes then treats it as privileged). */
function levelOf(value: string | undefined): number {
  return value === undefined ? -1 : LEVELS.indexOf(value.trim().toLowerCase());
}

export default defineDelta({
  id: 'delta-psa-enforce-lowered',
  title: 'Pod Security Admission level lowered',
  severity: 'high',
  category: 'pod-security',
  description:
    'The change lowers or removes the `pod-security.kubernetes.io/enforce` label of a Namespace (restricted to baseline, baseline to privileged, or the label deleted, which means privileged). Every pod of the namespace is then admitted under weaker rules, without any workload manifest changing.',
  remediation:
    'Keep the enforce level; if one workload needs an exemption, move it to its own namespace or use `warn`/`audit` labels to measure first.',
  references: { links: ['https://kubernetes.io/docs/concepts/security/pod-security-admission/'] },
  match: (r) => r.group === '' && r.kind === 'Namespace',
  compare(base, head, context) {
    if (!base || !head) return;
    const before = labelsOf(base.object)[PSA_ENFORCE];
    const after = labelsOf(head.object)[PSA_ENFORCE];
    const from = levelOf(before);
    if (from <= 0) return;
    const to = levelOf(after);
    if (to >= from) return;
    context.report({
      path: after === undefined ? ['metadata', 'labels'] : ['metadata', 'labels', PSA_ENFORCE],
      message:
        after === undefined
          ? `Namespace ${head.name} no longer has the ${PSA_ENFORCE} label (was ${before}): pods are admitted as privileged.`
          : `Namespace ${head.name} lowers ${PSA_ENFORCE} from ${before} to ${after}.`,
    });
  },
});
