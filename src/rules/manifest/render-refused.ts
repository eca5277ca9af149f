import { defineRule } from '../../engine/index.js';

/** Reported by rendering (src/render), not by a check of its own. */
export default defineRule({
  id: 'render-refused',
  title: 'Kustomize or Helm target refused',
  severity: 'high',
  category: 'manifest',
  engineFinding: true,
  description:
    'Rendering a target would have read something outside the repository (a symbolic link leaving it, a remote base or component that render.remoteBases does not allow or that uses SSH, a path above the repository root, a chart dependency from a chart repository that is not vendored in charts/). Rendering reads only the repository and the remote sources the base configuration allows, with no plugins, so the target was not rendered and not evaluated.',
  remediation:
    'Vendor the remote base into the repository or allow its repository in render.remoteBases (on the base branch), replace the symbolic link by the file, or keep the paths inside the repository.',
  references: {},
  check() {},
});
