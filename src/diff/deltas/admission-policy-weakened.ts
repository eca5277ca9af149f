import { isObject } from '../../manifests/index.js';
import { str, stringsAt } from './_lib.js';
import { defineDelta } from './types.js';

const GROUP = 'admissionregistration.k8s.io';

export default defineDelta({
  id: 'delta-admission-policy-weakened',
  title: 'ValidatingAdmissionPolicy binding removed or no longer denying',
  severity: 'high',
  category: 'policy',
  description:
    "The change deletes a ValidatingAdmissionPolicyBinding or a ValidatingAdmissionPolicy, removes `Deny` from a binding's `validationActions` (leaving only `Warn` or `Audit`), or switches a policy's `failurePolicy` from `Fail` to `Ignore`. Requests the policy used to reject are then admitted.",
  remediation:
    "Keep `Deny` in `validationActions` (and `failurePolicy: Fail`); narrow the binding's `matchResources` to exempt a workload instead.",
  references: {
    links: ['https://kubernetes.io/docs/reference/access-authn-authz/validating-admission-policy/'],
  },
  match: (r) =>
    r.group === GROUP &&
    (r.kind === 'ValidatingAdmissionPolicyBinding' || r.kind === 'ValidatingAdmissionPolicy'),
  compare(base, head, context) {
    if (!base) return;
    if (!head) {
      context.report({
        path: ['metadata', 'name'],
        on: 'base',
        message: `${base.kind} ${base.name} is removed: what it denied is admitted.`,
      });
      return;
    }
    const baseSpec = isObject(base.object.spec) ? base.object.spec : {};
    const headSpec = isObject(head.object.spec) ? head.object.spec : {};
    if (head.kind === 'ValidatingAdmissionPolicyBinding') {
      const before = stringsAt(baseSpec.validationActions);
      const after = stringsAt(headSpec.validationActions);
      if (before.includes('Deny') && !after.includes('Deny')) {
        context.report({
          path: 'validationActions' in headSpec ? ['spec', 'validationActions'] : ['spec'],
          message: `ValidatingAdmissionPolicyBinding ${head.name} no longer denies (validationActions ${after.length ? after.join(', ') : 'removed'}).`,
        });
      }
    } else if (
      (str(baseSpec.failurePolicy) || 'Fail') === 'Fail' &&
      str(headSpec.failurePolicy) === 'Ignore'
    ) {
      context.report({
        path: ['spec', 'failurePolicy'],
        message: `ValidatingAdmissionPolicy ${head.name} switches failurePolicy from Fail to Ignore: requests are admitted when the policy cannot be evaluated.`,
      });
    }
  },
});
