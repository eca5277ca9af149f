import { defineRule } from '../../engine/index.js';

/** Reported by rendering (src/render), not by a check of its own. */
export default defineRule({
  id: 'render-limit',
  title: 'Kustomize or Helm target hit a rendering limit',
  severity: 'high',
  category: 'manifest',
  engineFinding: true,
  description:
    'Rendering a target was stopped by a limit (time, output size, memory, input size, include depth or count): a huge generator, includes that never end, or a chart template that loops for ever or prints without end. The target was not evaluated.',
  remediation: 'Split the target, or shrink the generator; see docs/rendering.md for the limits.',
  references: {},
  check() {},
});
