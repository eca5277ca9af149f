import { defineRule } from '../../engine/index.js';

/** Reported by rendering (src/render), not by a check of its own. */
export default defineRule({
  id: 'render-note',
  title: 'Part of a target not evaluated',
  severity: 'info',
  category: 'manifest',
  engineFinding: true,
  description:
    'Part of a rendered target could not be evaluated offline: postBuild variables from ConfigMaps or Secrets that are not in the repository (left as Flux would leave them unknown), Helm charts inflated by kustomize (not rendered), a Helm release whose chart comes from a chart repository or OCI registry (not pulled unless render.helm.repositories allows it; an allowed one that cannot be reached, or needs credentials), an allowed Kustomize remote base that cannot be fetched, or values from a valuesFrom / valueFiles source that is not in the repository.',
  remediation:
    'Keep the ConfigMaps of postBuild.substituteFrom and valuesFrom in the repository, vendor remote charts into the repository (or allow their repository in render.helm.repositories), or accept the note.',
  references: {},
  check() {},
});
