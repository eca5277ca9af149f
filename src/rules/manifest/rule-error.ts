import { defineRule } from '../../engine/index.js';

/** Reported by the engine, not by a check of its own. */
export default defineRule({
  id: 'rule-error',
  title: 'A rule failed',
  severity: 'high',
  category: 'manifest',
  engineFinding: true,
  description:
    'A rule threw an error on a resource. The resource was not checked by that rule, so the gate reports it instead of passing silently.',
  remediation: 'Report the message as a bug in gitops-guard; meanwhile review the resource by hand.',
  references: {},
  check() {},
});
