import { defineRule } from '../../engine/index.js';

/** Reported by rendering (src/render), not by a check of its own. */
export default defineRule({
  id: 'render-note',
  title: 'Part of a target not evaluated',
  severity: 'info',
  category: 'manifest',
  engineFinding: true,
  description:
    'Part of a rendered target could not be evaluated offline: postBuild variables from ConfigMaps or Secrets that are not in the repository (left as Flux would leave them unknown), or Helm charts inflated by kustomize (not rendered).',
  remediation: 'Keep the ConfigMaps of postBuild.substituteFrom in the repository, or accept the note.',
  references: {},
  check() {},
});
