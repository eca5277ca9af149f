import { spendTime } from '../model/time-bound.js';
import { getIn, isObject, type JsonObject, type PathSegment, type Resource } from './resource.js';
import { isSchemaKind } from './document-head.js';

type ContainerKind = 'containers' | 'initContainers' | 'ephemeralContainers';

export interface ContainerView {
  container: JsonObject;
  kind: ContainerKind;
  /** Path of the container inside the resource object (paths are always relative to the object). */
  path: PathSegment[];
  name: string;
}

/** The pod spec of any pod-carrying resource, with paths back into the resource. */
export interface PodSpecView {
  spec: JsonObject;
  /** Path of the pod spec inside the resource object. */
  path: PathSegment[];
  /** Path of the pod template's metadata (annotations for AppArmor, seccomp, ...). */
  metadataPath: PathSegment[];
  metadata: JsonObject;
  containers: ContainerView[];
}

/** Where kinds we know keep their pod spec, relative to the object. */
const KNOWN_PATHS: Record<string, PathSegment[]> = {
  Pod: ['spec'],
  PodTemplate: ['template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

const TEMPLATE_PATHS: PathSegment[][] = [
  ['spec', 'template', 'spec'], // Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job, Argo Rollout, ...
  ['spec', 'jobTemplate', 'spec', 'template', 'spec'], // CronJob-like CRDs
];

/**
 * Returns the pod spec of Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet,
 * ReplicationController, Job, CronJob and CRDs that embed a pod template (Argo Rollouts,
 * Argo Workflows' templates are not pods), or undefined for other kinds.
 */
export function podSpecOf(resource: Resource): PodSpecView | undefined {
  // Every pod rule asks in `match` and again in `check`: compute once per resource.
  if (views.has(resource)) return views.get(resource);
  const view = computePodSpec(resource);
  views.set(resource, view);
  return view;
}

const views = new WeakMap<Resource, PodSpecView | undefined>();

function computePodSpec(resource: Resource): PodSpecView | undefined {
  // A CRD's body is a schema, never a pod (and reading it would parse it: document-head.ts).
  if (isSchemaKind(resource.kind, resource.group)) return undefined;
  const object = resource.object;
  const known = KNOWN_PATHS[resource.kind];
  const candidates = known ? [known, ...TEMPLATE_PATHS] : TEMPLATE_PATHS;
  for (const relative of candidates) {
    const spec = getIn(object, relative);
    if (!isObject(spec)) continue;
    if (!looksLikePodSpec(spec) && !(resource.kind === 'Pod' && relative.length === 1)) continue;
    const path = relative;
    const metadataPath = [...relative.slice(0, -1), 'metadata'];
    const metadataValue = getIn(object, [...relative.slice(0, -1), 'metadata']);
    return {
      spec,
      path,
      metadataPath,
      metadata: isObject(metadataValue) ? metadataValue : {},
      containers: containersOf(spec, path),
    };
  }
  return undefined;
}

function looksLikePodSpec(spec: JsonObject): boolean {
  return Array.isArray(spec.containers) || Array.isArray(spec.initContainers);
}

function containersOf(spec: JsonObject, specPath: PathSegment[]): ContainerView[] {
  const out: ContainerView[] = [];
  for (const kind of ['initContainers', 'containers', 'ephemeralContainers'] as const) {
    const list = spec[kind];
    if (!Array.isArray(list)) continue;
    list.forEach((container, index) => {
      spendTime();
      if (!isObject(container)) return;
      out.push({
        container,
        kind,
        path: [...specPath, kind, index],
        name: typeof container.name === 'string' ? container.name : `#${index}`,
      });
    });
  }
  return out;
}
