import {
  getIn,
  isObject,
  labelsOf,
  type JsonObject,
  type PathSegment,
  type Resource,
} from '../../../manifests/index.js';
import type { ContainerView, PodSpecView } from '../../../manifests/index.js';

/** A plain object or an empty one, so lookups never throw. */
export function obj(value: unknown): JsonObject {
  return isObject(value) ? value : {};
}

/** Regular and init containers (ephemeral debug containers are added by kubectl, not by manifests). */
export function runtimeContainers(pod: PodSpecView): ContainerView[] {
  return pod.containers.filter((c) => c.kind !== 'ephemeralContainers');
}

/** Containers that serve for the life of the pod: the only ones probes apply to. */
export function appContainers(pod: PodSpecView): ContainerView[] {
  return pod.containers.filter((c) => c.kind === 'containers');
}

/**
 * Pods that run to completion: Jobs, CronJobs (and CRDs with a job template), and naked
 * Pods whose restartPolicy is Never or OnFailure. Health probes make little sense there.
 */
export function isBatchWorkload(resource: Resource, pod: PodSpecView): boolean {
  if (resource.kind === 'Job' || resource.kind === 'CronJob') return true;
  if (pod.path.includes('jobTemplate')) return true;
  const restartPolicy = pod.spec.restartPolicy;
  return restartPolicy === 'Never' || restartPolicy === 'OnFailure';
}

/** A non-empty quantity (`100m`, `1`, `256Mi`): a string with content or a number. */
export function hasQuantity(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  return typeof value === 'string' && value.trim() !== '';
}

export interface HostPathVolume {
  index: number;
  name: string;
  /** The path as written. */
  path: string;
  /** Normalised: single slashes, no trailing slash, no `.` segments, `..` resolved. */
  normalized: string;
  pathInResource: PathSegment[];
}

export function hostPathVolumes(pod: PodSpecView): HostPathVolume[] {
  const volumes = pod.spec.volumes;
  if (!Array.isArray(volumes)) return [];
  const out: HostPathVolume[] = [];
  volumes.forEach((volume, index) => {
    if (!isObject(volume)) return;
    const path = getIn(volume, ['hostPath', 'path']);
    if (typeof path !== 'string' || path.trim() === '') return;
    out.push({
      index,
      name: typeof volume.name === 'string' ? volume.name : `#${index}`,
      path,
      normalized: normalizeHostPath(path),
      pathInResource: [...pod.path, 'volumes', index, 'hostPath', 'path'],
    });
  });
  return out;
}

function normalizeHostPath(path: string): string {
  const parts: string[] = [];
  for (const segment of path.trim().split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') parts.pop();
    else parts.push(segment);
  }
  return '/' + parts.join('/');
}

/** Whether `path` is `dir` or lies below it. */
export function isUnder(path: string, dir: string): boolean {
  return dir === '/' || path === dir || path.startsWith(dir + '/');
}

/** The service account a pod runs as when set (`serviceAccountName`, or the deprecated `serviceAccount`). */
export function serviceAccountNameOf(pod: PodSpecView): string | undefined {
  for (const key of ['serviceAccountName', 'serviceAccount']) {
    const value = pod.spec[key];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return undefined;
}

/** A label of the workload itself or of its pod template, with the path to report. */
export interface WorkloadLabel {
  key: string;
  value: string;
  path: PathSegment[];
}

/**
 * The first label, on the workload or then on its pod template, that `matches` accepts. Tools
 * that recognise a component by its labels (Dashboard, Tiller) read either place.
 */
export function findWorkloadLabel(
  resource: Resource,
  pod: PodSpecView,
  matches: (key: string, value: string) => boolean,
): WorkloadLabel | undefined {
  for (const [labels, path] of [
    [labelsOf(resource.object), ['metadata', 'labels']],
    [labelsOf({ metadata: pod.metadata }), [...pod.metadataPath, 'labels']],
  ] as const) {
    for (const [key, value] of Object.entries(labels)) {
      if (matches(key, value)) return { key, value, path: [...path, key] };
    }
  }
  return undefined;
}

/** Every `ports[]` entry of every container (regular and init), with the path of its `containerPort`. */
export function* containerPorts(
  pod: PodSpecView,
): Generator<{ container: ContainerView; port: JsonObject; path: PathSegment[] }> {
  for (const c of pod.containers) {
    const ports = c.container.ports;
    if (!Array.isArray(ports)) continue;
    for (const [i, port] of ports.entries())
      if (isObject(port)) yield { container: c, port, path: [...c.path, 'ports', i, 'containerPort'] };
  }
}
