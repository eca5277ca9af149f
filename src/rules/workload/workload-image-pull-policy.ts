import { defineRule } from '../../engine/index.js';
import { podSpecOf } from '../../manifests/index.js';
import { containerImages } from './_lib/images.js';

export default defineRule({
  id: 'workload-image-pull-policy',
  title: 'Image pull policy is not Always',
  severity: 'low',
  category: 'workload',
  description:
    'With `IfNotPresent` or `Never` a node reuses whatever image it cached under that tag: a tag moved to another image is not picked up, and on a shared node a pod can start a private image another tenant pulled without presenting pull credentials. Like checkov CKV_K8S_15, the rule accepts `Always`, and an absent policy when the tag is missing or `latest` (Kubernetes then defaults to `Always`); an absent policy with a fixed tag defaults to `IfNotPresent` and is reported. Unlike CKV_K8S_15, images pinned by digest are never reported: their content cannot change, so any policy is safe.',
  remediation: 'Pin the image by digest, or set `imagePullPolicy: Always`.',
  references: {
    checkov: ['CKV_K8S_15'],
    kubescape: ['C-0075'],
    links: ['https://kubernetes.io/docs/concepts/containers/images/#image-pull-policy'],
  },
  match: (resource) => podSpecOf(resource) !== undefined,
  check(resource, context) {
    for (const { container: c, ref } of containerImages(resource)) {
      if (ref.digest) continue;
      const policy = c.container.imagePullPolicy;
      if (policy === 'Always') continue;
      if (policy === undefined || policy === null) {
        if (ref.tag === undefined || ref.tag === 'latest') continue;
        context.report({
          path: [...c.path, 'imagePullPolicy'],
          message: `Container "${c.name}" has no imagePullPolicy: for the fixed tag "${ref.tag}" it defaults to IfNotPresent.`,
          missing: true,
          fix: {
            kind: 'add-field',
            description: 'Always pull the image',
            parentPath: c.path,
            key: 'imagePullPolicy',
            value: 'Always',
          },
        });
        continue;
      }
      context.report({
        path: [...c.path, 'imagePullPolicy'],
        message: `Container "${c.name}" has imagePullPolicy ${typeof policy === 'string' ? policy : 'set to an invalid value'}, not Always, for an image not pinned by digest.`,
        fix: {
          kind: 'replace-value',
          description: 'Always pull the image',
          path: [...c.path, 'imagePullPolicy'],
          value: 'Always',
        },
      });
    }
  },
});
