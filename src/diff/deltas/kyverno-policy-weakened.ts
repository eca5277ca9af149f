import { isObject } from '../../manifests/index.js';
import { isKind, objectsAt, str } from './_lib.js';
import { defineDelta } from './types.js';

function enforces(value: unknown): boolean {
  return typeof value === 'string' && value.toLowerCase() === 'enforce';
}

export default defineDelta({
  id: 'delta-kyverno-policy-weakened',
  title: 'Kyverno policy removed or switched to audit',
  severity: 'high',
  category: 'policy',
  description:
    "The change deletes a Kyverno ClusterPolicy or Policy, or switches it (`spec.validationFailureAction`, or a rule's `validate.failureAction`) from Enforce to Audit. Admission control is the cluster's last line of defence: after this change, resources the policy used to reject are admitted, and a GitOps change can disable it in the same pull request as the workload that needs it disabled.",
  remediation:
    'Keep the policy enforcing; for a single workload, add a narrow `exclude` or a PolicyException with a reason instead.',
  references: { links: ['https://kyverno.io/docs/writing-policies/validate/'] },
  match: (r) => isKind(r, 'kyverno.io', ['ClusterPolicy', 'Policy']),
  compare(base, head, context) {
    if (!base) return;
    if (!head) {
      context.report({
        path: ['metadata', 'name'],
        on: 'base',
        message: `Kyverno ${base.kind} ${base.name} is removed: what it enforced is no longer checked at admission.`,
      });
      return;
    }
    const baseSpec = isObject(base.object.spec) ? base.object.spec : {};
    const headSpec = isObject(head.object.spec) ? head.object.spec : {};
    if (enforces(baseSpec.validationFailureAction) && !enforces(headSpec.validationFailureAction)) {
      context.report({
        path: 'validationFailureAction' in headSpec ? ['spec', 'validationFailureAction'] : ['spec'],
        message: `Kyverno ${head.kind} ${head.name} switches from Enforce to ${str(headSpec.validationFailureAction) || 'Audit (the default)'}: violations are only reported, no longer blocked.`,
      });
    }
    const baseRules = new Map(
      objectsAt(base.object, ['spec', 'rules']).map(({ item }) => [str(item.name), item]),
    );
    for (const { item, index } of objectsAt(head.object, ['spec', 'rules'])) {
      const before = baseRules.get(str(item.name));
      const beforeAction = before && isObject(before.validate) ? before.validate.failureAction : undefined;
      const afterAction = isObject(item.validate) ? item.validate.failureAction : undefined;
      if (enforces(beforeAction) && !enforces(afterAction)) {
        context.report({
          path:
            afterAction !== undefined
              ? ['spec', 'rules', index, 'validate', 'failureAction']
              : ['spec', 'rules', index],
          message: `Rule ${str(item.name)} of Kyverno ${head.kind} ${head.name} switches from Enforce to ${str(afterAction) || 'Audit'}.`,
          key: str(item.name),
        });
      }
    }
  },
});
