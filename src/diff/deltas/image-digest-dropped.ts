import { podSpecOf } from '../../manifests/index.js';
import { defineDelta } from './types.js';

export default defineDelta({
  id: 'delta-image-digest-dropped',
  title: 'Image moved from a digest to a mutable tag',
  severity: 'medium',
  category: 'workload',
  description:
    'The change replaces a container image pinned by digest (`image@sha256:...`) with a tag. A digest names exactly one image; a tag can be moved to another image at any time by whoever can push to the registry, so what runs is no longer what was reviewed.',
  remediation:
    'Pin the new version by digest too (`image:tag@sha256:...`; tools such as Renovate or crane keep digests up to date).',
  references: { links: ['https://kubernetes.io/docs/concepts/containers/images/#image-names'] },
  match: (r) => podSpecOf(r) !== undefined,
  compare(base, head, context) {
    if (!base || !head) return;
    const basePod = podSpecOf(base);
    const headPod = podSpecOf(head);
    if (!basePod || !headPod) return;
    const before = new Map(basePod.containers.map((c) => [`${c.kind}/${c.name}`, c.container.image]));
    for (const c of headPod.containers) {
      const old = before.get(`${c.kind}/${c.name}`);
      const now = c.container.image;
      if (typeof old !== 'string' || typeof now !== 'string' || !old.includes('@') || now.includes('@'))
        continue;
      context.report({
        path: [...c.path, 'image'],
        message: `Container ${c.name} moves from digest-pinned ${old} to the mutable ${now}.`,
      });
    }
  },
});
