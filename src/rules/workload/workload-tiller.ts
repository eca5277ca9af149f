import { defineRule } from '../../engine/index.js';
import { labelsOf, podSpecOf } from '../../manifests/index.js';
import { containerImages } from './_lib/images.js';

export default defineRule({
  id: 'workload-tiller',
  title: 'Tiller (Helm v2) deployed',
  severity: 'high',
  category: 'workload',
  description:
    'Tiller, the in-cluster server of Helm v2, installs whatever chart it is sent with its own service account, usually cluster-admin, and by default listens on gRPC port 44134 without authentication: any pod that reaches it controls the cluster. Helm v2 has been unsupported since November 2020. The workload is recognised by its image (`tiller`) or its `app: helm` and `name: tiller` labels.',
  remediation: 'Remove Tiller and migrate the releases to Helm 3 (`helm 2to3`), or to a GitOps controller.',
  references: {
    checkov: ['CKV_K8S_34'],
    trivy: ['KSV-0102'],
    links: ['https://helm.sh/blog/helm-v2-deprecation-timeline/'],
  },
  match: (resource) => podSpecOf(resource) !== undefined,
  check(resource, context) {
    const pod = podSpecOf(resource)!;
    let reported = false;
    for (const { container, image, ref } of containerImages(resource)) {
      const last = ref.repository.slice(ref.repository.lastIndexOf('/') + 1);
      if (!last.includes('tiller')) continue;
      reported = true;
      context.report({
        path: [...container.path, 'image'],
        key: container.name,
        message: `Container "${container.name}" runs Tiller, the Helm v2 server (${image}).`,
      });
    }
    if (reported) return;
    for (const [labels, path] of [
      [labelsOf(resource.object), ['metadata', 'labels']],
      [labelsOf({ metadata: pod.metadata }), [...pod.metadataPath, 'labels']],
    ] as const) {
      if (labels.app !== 'helm' || labels.name !== 'tiller') continue;
      context.report({
        path: [...path, 'name'],
        message: `${resource.kind} ${resource.name} is labelled app: helm, name: tiller (Tiller, the Helm v2 server).`,
      });
      return;
    }
  },
});
