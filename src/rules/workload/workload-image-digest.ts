import { defineRule } from '../../engine/index.js';
import { podSpecOf } from '../../manifests/index.js';
import { IMAGE_OVERRIDES, kustomizeImageOverride, containerImages } from './_lib/images.js';

export default defineRule({
  id: 'workload-image-digest',
  title: 'Image not pinned by digest',
  severity: 'low',
  category: 'workload',
  description:
    'A tag can be moved to another image at any time, by the publisher or by whoever takes over the registry account. Only a digest (`@sha256:...`) guarantees that the reviewed image is the one that runs. A digest set by a Kustomization of the scan (`images[].digest`) counts.',
  remediation:
    'Reference the image by digest, keeping the tag for readers: `registry/app:1.4.2@sha256:<digest>` (Renovate and Dependabot can keep digests up to date).',
  references: {
    checkov: ['CKV_K8S_43'],
    links: ['https://kubernetes.io/docs/concepts/containers/images/#image-names'],
  },
  dependsOn: [IMAGE_OVERRIDES],
  match: (resource) => podSpecOf(resource) !== undefined,
  check(resource, context) {
    for (const { container: c, image, ref } of containerImages(resource)) {
      if (ref.digest) continue;
      if (kustomizeImageOverride(context.resources, ref)?.digest) continue;
      context.report({
        path: [...c.path, 'image'],
        message: `Container "${c.name}" references ${image.trim()} by tag, not by digest.`,
      });
    }
  },
});
