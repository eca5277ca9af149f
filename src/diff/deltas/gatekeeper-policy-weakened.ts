import { isObject } from '../../manifests/index.js';
import { str } from './_lib.js';
import { defineDelta } from './types.js';

const CONSTRAINTS = 'constraints.gatekeeper.sh';
const TEMPLATES = 'templates.gatekeeper.sh';

function actionOf(object: Record<string, unknown>): string {
  const spec = isObject(object.spec) ? object.spec : {};
  return (str(spec.enforcementAction) || 'deny').toLowerCase();
}

export default defineDelta({
  id: 'delta-gatekeeper-policy-weakened',
  title: 'Gatekeeper constraint removed or switched to dry-run',
  severity: 'high',
  category: 'policy',
  description:
    "The change deletes an OPA Gatekeeper constraint or ConstraintTemplate, or switches a constraint's `spec.enforcementAction` from `deny` (the default) to `dryrun` or `warn`. Resources the constraint used to reject are then admitted.",
  remediation:
    'Keep the constraint denying; exempt a single workload with `spec.match.excludedNamespaces` or a label selector instead.',
  references: { links: ['https://open-policy-agent.github.io/gatekeeper/website/docs/violations/'] },
  match: (r) => r.group === CONSTRAINTS || (r.group === TEMPLATES && r.kind === 'ConstraintTemplate'),
  compare(base, head, context) {
    if (!base) return;
    const what =
      base.group === TEMPLATES
        ? `ConstraintTemplate ${base.name}`
        : `Gatekeeper constraint ${base.kind} ${base.name}`;
    if (!head) {
      context.report({
        path: ['metadata', 'name'],
        on: 'base',
        message: `${what} is removed: what it denied is admitted.`,
      });
      return;
    }
    if (head.group !== CONSTRAINTS) return;
    const before = actionOf(base.object);
    const after = actionOf(head.object);
    if (before === 'deny' && after !== 'deny') {
      const spec = isObject(head.object.spec) ? head.object.spec : {};
      context.report({
        path: 'enforcementAction' in spec ? ['spec', 'enforcementAction'] : ['spec'],
        message: `${what} switches enforcementAction from deny to ${after}: violations are no longer rejected.`,
      });
    }
  },
});
