import { defineRule } from '../../engine/index.js';
import { podSpecOf } from '../../manifests/index.js';
import { containerImages } from './_lib/images.js';
import { findWorkloadLabel } from './_lib/workload.js';

export default defineRule({
  id: 'workload-tiller',
  title: 'Tiller (Helm v2) deployed',
  severity: 'high',
  category: 'workload',
  description:
    'Tiller, the in-cluster server of Helm v2, installs whatever chart it is sent with its own service account, usually cluster-admin, and by default listens on gRPC port 44134 without authentication: any pod that reaches it controls the cluster. Helm v2 has been unsupported since November 2020. The workload is recognised as Checkov and Trivy recognise it: by an image whose name contains `tiller`, or by either label of the deployment `helm init` creates, `app: helm` or `name: tiller`.',
  remediation: 'Remove Tiller and migrate the releases to Helm 3 (`helm 2to3`), or to a GitOps controller.',
  references: {
    checkov: ['CKV_K8S_34'],
    links: ['https://helm.sh/blog/helm-v2-deprecation-timeline/'],
  },
  match: (resource) => podSpecOf(resource) !== undefined,
  check(resource, context) {
    const pod = podSpecOf(resource)!;
    let reported = false;
    for (const { container, image, ref } of containerImages(resource)) {
      if (!ref.name.includes('tiller')) continue;
      reported = true;
      context.report({
        path: [...container.path, 'image'],
        key: container.name,
        message: `Container "${container.name}" runs Tiller, the Helm v2 server (${image}).`,
      });
    }
    if (reported) return;
    const label = findWorkloadLabel(
      resource,
      pod,
      (key, value) => (key === 'app' && value === 'helm') || (key === 'name' && value === 'tiller'),
    );
    if (!label) return;
    context.report({
      path: label.path,
      message: `${resource.kind} ${resource.name} is labelled ${label.key}: ${label.value} (Tiller, the Helm v2 server).`,
    });
  },
});
