import { defineRule, type Rule } from '../../../engine/index.js';
import type { RuleReferences } from '../../../engine/types.js';
import { isObject, podSpecOf } from '../../../manifests/index.js';
import { appContainers, isBatchWorkload } from './workload.js';

const PROBES_DOCS =
  'https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/';

/**
 * Probes are asked of long-running containers only: never of init or ephemeral containers,
 * and not of Jobs, CronJobs or naked Pods that run to completion (polaris excludes Job and
 * CronJob, checkov does too).
 */
export function probeRule(spec: {
  id: string;
  title: string;
  field: 'livenessProbe' | 'readinessProbe';
  description: string;
  references: RuleReferences;
}): Rule {
  const label = spec.field === 'livenessProbe' ? 'liveness' : 'readiness';
  return defineRule({
    id: spec.id,
    title: spec.title,
    severity: 'low',
    category: 'workload',
    description: spec.description,
    remediation: `Add a \`${spec.field}\` (httpGet, tcpSocket, grpc or exec) to every long-running container.`,
    references: { ...spec.references, links: [PROBES_DOCS] },
    match: (resource) => podSpecOf(resource) !== undefined,
    check(resource, context) {
      const pod = podSpecOf(resource)!;
      if (isBatchWorkload(resource, pod)) return;
      for (const c of appContainers(pod)) {
        if (isObject(c.container[spec.field])) continue;
        context.report({
          path: [...c.path, spec.field],
          message: `Container "${c.name}" has no ${label} probe.`,
          missing: true,
        });
      }
    },
  });
}
