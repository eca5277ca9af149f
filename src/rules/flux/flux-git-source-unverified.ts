import { defineRule } from '../../engine/index.js';
import { isObject } from '../../manifests/index.js';
import { isFluxKind } from './_lib/flux.js';

export default defineRule({
  id: 'flux-git-source-unverified',
  title: 'GitRepository without commit signature verification',
  severity: 'low',
  category: 'flux',
  description:
    'Without `spec.verify`, Flux applies whatever commit the branch or tag points to. With it, source-controller checks the OpenPGP or SSH signature of the commit (or tag) against trusted keys, so a stolen Git credential or a compromised Git host cannot push changes the cluster accepts.',
  remediation:
    'Sign commits and set `spec.verify` (`mode: HEAD`, `secretRef` to the trusted public keys) on the GitRepository.',
  references: { links: ['https://fluxcd.io/flux/components/source/gitrepositories/#verification'] },
  match: (r) => isFluxKind(r, 'source', 'GitRepository'),
  check(resource, context) {
    const spec = resource.object.spec;
    if (!isObject(spec)) return;
    if (isObject(spec.verify)) return;
    context.report({
      path: ['spec', 'verify'],
      missing: spec.verify === undefined,
      message: `GitRepository "${resource.name}" does not verify commit signatures.`,
    });
  },
});
