import {
  isObject,
  podSpecOf,
  type ContainerView,
  type JsonObject,
  type PathSegment,
  type PodSpecView,
} from '../../manifests/index.js';
import { stringsAt } from './_lib.js';
import { defineDelta } from './types.js';

interface Hardening {
  id: string;
  label: string;
  /** Whether the container (with its pod's defaults) has it. */
  has(container: JsonObject, pod: JsonObject): boolean;
  field: PathSegment[];
  /** A pod-level field that also provides it. */
  podField?: PathSegment[];
}

const sc = (o: JsonObject): JsonObject => (isObject(o.securityContext) ? o.securityContext : {});

const SECCOMP_TYPES = new Set(['RuntimeDefault', 'Localhost']);

const HARDENINGS: Hardening[] = [
  {
    id: 'runAsNonRoot',
    label: 'runAsNonRoot: true',
    field: ['runAsNonRoot'],
    podField: ['runAsNonRoot'],
    has: (c, p) => (sc(c).runAsNonRoot ?? sc(p).runAsNonRoot) === true,
  },
  {
    id: 'readOnlyRootFilesystem',
    label: 'readOnlyRootFilesystem: true',
    field: ['readOnlyRootFilesystem'],
    has: (c) => sc(c).readOnlyRootFilesystem === true,
  },
  {
    id: 'allowPrivilegeEscalation',
    label: 'allowPrivilegeEscalation: false',
    field: ['allowPrivilegeEscalation'],
    has: (c) => sc(c).allowPrivilegeEscalation === false,
  },
  {
    id: 'dropAll',
    label: 'capabilities.drop: [ALL]',
    field: ['capabilities', 'drop'],
    has: (c) => stringsAt(sc(c).capabilities, ['drop']).some((d) => d.toUpperCase() === 'ALL'),
  },
  {
    id: 'seccompProfile',
    label: 'a RuntimeDefault or Localhost seccompProfile',
    field: ['seccompProfile', 'type'],
    podField: ['seccompProfile', 'type'],
    has: (c, p) => {
      const own = isObject(sc(c).seccompProfile) ? (sc(c).seccompProfile as JsonObject).type : undefined;
      const pod = isObject(sc(p).seccompProfile) ? (sc(p).seccompProfile as JsonObject).type : undefined;
      return SECCOMP_TYPES.has(String(own ?? pod));
    },
  },
];

function containersByName(pod: PodSpecView): Map<string, ContainerView> {
  return new Map(pod.containers.map((c) => [`${c.kind}/${c.name}`, c]));
}

export default defineDelta({
  id: 'delta-security-context-weakened',
  title: 'Container hardening removed',
  severity: 'medium',
  category: 'pod-security',
  description:
    "The change removes a hardening setting a container had on base: `runAsNonRoot: true`, `readOnlyRootFilesystem: true`, `allowPrivilegeEscalation: false`, `capabilities.drop: [ALL]` or a RuntimeDefault/Localhost `seccompProfile` (on the container or inherited from the pod). Whether or not a rule requires the setting under the configured profile, taking it away from a workload that had it is a regression worth a reviewer's look.",
  remediation: 'Restore the setting, or explain in the pull request why the workload cannot run with it.',
  references: { links: ['https://kubernetes.io/docs/tasks/configure-pod-container/security-context/'] },
  match: (r) => podSpecOf(r) !== undefined,
  compare(base, head, context) {
    if (!base || !head) return;
    const basePod = podSpecOf(base);
    const headPod = podSpecOf(head);
    if (!basePod || !headPod) return;
    const before = containersByName(basePod);
    for (const [key, container] of containersByName(headPod)) {
      const old = before.get(key);
      if (!old) continue;
      for (const h of HARDENINGS) {
        if (!h.has(old.container, basePod.spec) || h.has(container.container, headPod.spec)) continue;
        context.report({
          path: [...container.path, 'securityContext', ...h.field],
          message: `Container ${container.name} no longer has ${h.label} (it had on base).`,
          key: h.id,
        });
      }
    }
  },
});
