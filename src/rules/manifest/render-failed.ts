import { defineRule } from '../../engine/index.js';

/** Reported by rendering (src/render), not by a check of its own. */
export default defineRule({
  id: 'render-failed',
  title: 'Kustomize or Helm target failed to render',
  severity: 'high',
  category: 'manifest',
  engineFinding: true,
  description:
    'kustomize build of a target (a Flux Kustomization path, an Argo CD Application path or a top overlay), or helm template of a chart with a consumer’s values (a Flux HelmRelease, an Argo CD Application, or the chart’s defaults), failed; the tool’s message (a `fail` or `required` of the chart, for instance) is in the finding. What the target deploys was not evaluated, so the gate fails closed.',
  remediation:
    'Fix the kustomization so that `kustomize build` succeeds (run `kubectl kustomize DIR` locally), or the chart or values so that `helm template` succeeds.',
  references: {},
  check() {},
});
