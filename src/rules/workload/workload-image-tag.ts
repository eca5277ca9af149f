import { defineRule } from '../../engine/index.js';
import { podSpecOf } from '../../manifests/index.js';
import { IMAGE_OVERRIDES, kustomizeImageOverride, containerImages } from './_lib/images.js';

export default defineRule({
  id: 'workload-image-tag',
  title: 'Image tag missing or latest',
  severity: 'medium',
  category: 'workload',
  description:
    'An image without a tag, or with `latest`, is whatever was pushed last: the cluster can run code nobody reviewed, nodes can run different versions, and a rollback has nothing to go back to. An image pinned by digest passes, and so does one whose tag or digest a Kustomization of the scan sets (`images:`).',
  remediation: 'Reference a fixed version tag (`nginx:1.27.3`), or better a digest (`nginx@sha256:...`).',
  references: {
    polaris: ['tagNotSpecified'],
    'kube-linter': ['latest-tag'],
    checkov: ['CKV_K8S_14'],
    trivy: ['KSV-0013'],
    links: ['https://kubernetes.io/docs/concepts/containers/images/#image-names'],
  },
  dependsOn: [IMAGE_OVERRIDES],
  match: (resource) => podSpecOf(resource) !== undefined,
  check(resource, context) {
    for (const { container: c, ref } of containerImages(resource)) {
      if (ref.digest) continue;
      if (ref.tag !== undefined && ref.tag !== 'latest') continue;
      if (kustomizeImageOverride(context.resources, ref)) continue;
      context.report({
        path: [...c.path, 'image'],
        message:
          ref.tag === 'latest'
            ? `Container "${c.name}" uses the mutable "latest" tag of ${ref.name}.`
            : `Container "${c.name}" uses ${ref.name} without a tag (that means "latest").`,
      });
    }
  },
});
