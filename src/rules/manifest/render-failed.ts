import { defineRule } from '../../engine/index.js';

/** Reported by rendering (src/render), not by a check of its own. */
export default defineRule({
  id: 'render-failed',
  title: 'Kustomize target failed to render',
  severity: 'high',
  category: 'manifest',
  engineFinding: true,
  description:
    'kustomize build of a target (a Flux Kustomization path, an Argo CD Application path or a top overlay) failed; kustomize’s message is in the finding. What the target deploys was not evaluated, so the gate fails closed.',
  remediation:
    'Fix the kustomization so that `kustomize build` succeeds (run `kubectl kustomize DIR` locally).',
  references: {},
  check() {},
});
