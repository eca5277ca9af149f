import { defineRule, type Rule } from '../../../engine/index.js';
import type { RuleReferences } from '../../../engine/types.js';
import type { Severity } from '../../../model/index.js';
import { podSpecOf } from '../../../manifests/index.js';
import { hasQuantity, obj, runtimeContainers } from './workload.js';

const RESOURCES_DOCS = 'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/';

/** One rule per resource and kind of bound, as polaris and checkov split them. */
export function resourceRule(spec: {
  id: string;
  title: string;
  severity: Severity;
  field: 'requests' | 'limits';
  resource: 'cpu' | 'memory';
  description: string;
  references: RuleReferences;
}): Rule {
  const label = `${spec.resource === 'cpu' ? 'CPU' : 'memory'} ${spec.field === 'requests' ? 'request' : 'limit'}`;
  return defineRule({
    id: spec.id,
    title: spec.title,
    severity: spec.severity,
    category: 'workload',
    description: spec.description,
    remediation: `Set \`resources.${spec.field}.${spec.resource}\` on every container and init container.`,
    references: { ...spec.references, links: [RESOURCES_DOCS] },
    match: (resource) => podSpecOf(resource) !== undefined,
    check(resource, context) {
      const pod = podSpecOf(resource)!;
      for (const c of runtimeContainers(pod)) {
        const value = obj(obj(c.container.resources)[spec.field])[spec.resource];
        if (hasQuantity(value)) continue;
        context.report({
          path: [...c.path, 'resources', spec.field, spec.resource],
          message: `${c.kind === 'initContainers' ? 'Init container' : 'Container'} "${c.name}" has no ${label}.`,
          missing: true,
        });
      }
    },
  });
}
