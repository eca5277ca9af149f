import { defineRule } from '../../engine/index.js';
import { annotationsOf, isObject } from '../../manifests/index.js';

const HOOK_ANNOTATIONS = ['helm.sh/hook', 'argocd.argoproj.io/hook', 'argocd.argoproj.io/sync-wave-hook'];

export default defineRule({
  id: 'workload-naked-pod',
  title: 'Naked Pod',
  severity: 'low',
  category: 'workload',
  description:
    'A Pod created directly is not managed by a controller: it is not rescheduled when its node fails, not replaced when evicted, and cannot be rolled out or rolled back. Helm and Argo CD hook Pods, which are meant to run once, are not reported.',
  remediation:
    'Run the Pod from a Deployment, StatefulSet or DaemonSet, or from a Job when it runs to completion.',
  references: {
    kubescape: ['C-0073'],
    links: [
      'https://kubernetes.io/docs/concepts/configuration/overview/#naked-pods-vs-replicasets-deployments-and-jobs',
    ],
  },
  match: (resource) => resource.kind === 'Pod' && resource.group === '',
  check(resource, context) {
    const annotations = annotationsOf(resource.object);
    if (HOOK_ANNOTATIONS.some((a) => a in annotations)) return;
    const metadata = resource.object.metadata;
    if (isObject(metadata) && Array.isArray(metadata.ownerReferences) && metadata.ownerReferences.length > 0)
      return;
    context.report({ path: ['kind'], message: `Pod ${resource.name} is not managed by a controller.` });
  },
});
