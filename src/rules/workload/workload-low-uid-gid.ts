import * as z from 'zod';
import { defineRule } from '../../engine/index.js';
import { isObject, podSpecOf, type PathSegment } from '../../manifests/index.js';
import type { Severity } from '../../model/index.js';

function id(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

export default defineRule({
  id: 'workload-low-uid-gid',
  title: 'Low or root user or group ID',
  severity: 'low',
  category: 'workload',
  description:
    'User and group IDs below 10000 usually exist on the node too: a process that escapes the container, or writes to a shared volume, acts as that host user or group. ID 0 is root and is reported at a higher severity (high for `runAsUser`, medium for groups). `runAsUser` and `runAsGroup` are checked on the containers and on the pod, whose values apply to every container that does not override them; `fsGroup` and `supplementalGroups` on the pod. IDs that are not set are not reported (the image decides; `runAsNonRoot` is a separate check). Like checkov CKV_K8S_40, an ID equal to the threshold passes.',
  remediation:
    'Run as a dedicated high ID, for example `runAsUser: 10001`, `runAsGroup: 10001` and `fsGroup: 10001`, and build the image with that user.',
  references: {
    trivy: ['KSV-0116'],
    links: ['https://kubernetes.io/docs/tasks/configure-pod-container/security-context/'],
  },
  parameters: z.object({ minId: z.number().int().nonnegative().default(10000) }),
  match: (resource) => podSpecOf(resource) !== undefined,
  check(resource, context) {
    const pod = podSpecOf(resource)!;
    const minId = context.params.minId;
    const podSc = isObject(pod.spec.securityContext) ? pod.spec.securityContext : {};
    const podScPath = [...pod.path, 'securityContext'];
    const report = (path: PathSegment[], field: string, value: number, where: string, key?: string) => {
      if (value >= minId) return;
      const user = field === 'runAsUser';
      const severity: Severity | undefined = value === 0 ? (user ? 'high' : 'medium') : undefined;
      context.report({
        path,
        message:
          value === 0
            ? `${where} ${field} is 0: ${user ? 'it runs as root' : 'the root group'}.`
            : `${where} ${field} ${value} is below ${minId} and may collide with a user or group of the node.`,
        ...(severity ? { severity } : {}),
        ...(key ? { key } : {}),
      });
    };
    for (const field of ['runAsUser', 'runAsGroup'] as const) {
      let inherited = pod.containers.length === 0;
      for (const c of pod.containers) {
        const sc = c.container.securityContext;
        const own = isObject(sc) ? id(sc[field]) : undefined;
        if (own === undefined) {
          inherited = true;
          continue;
        }
        report(
          [...c.path, 'securityContext', field],
          field,
          own,
          `${c.kind === 'initContainers' ? 'Init container' : c.kind === 'ephemeralContainers' ? 'Ephemeral container' : 'Container'} "${c.name}":`,
        );
      }
      const podValue = id(podSc[field]);
      if (podValue !== undefined && inherited) report([...podScPath, field], field, podValue, 'Pod:');
    }
    const fsGroup = id(podSc.fsGroup);
    if (fsGroup !== undefined) report([...podScPath, 'fsGroup'], 'fsGroup', fsGroup, 'Pod:');
    const supplemental = podSc.supplementalGroups;
    if (Array.isArray(supplemental)) {
      supplemental.forEach((g, i) => {
        const value = id(g);
        if (value !== undefined)
          report([...podScPath, 'supplementalGroups', i], 'supplementalGroups', value, 'Pod:', String(i));
      });
    }
  },
});
