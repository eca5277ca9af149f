import { defineRule } from '../../engine/index.js';

/** Reported by the semantic diff, not by a check of its own. */
export default defineRule({
  id: 'suppression-added',
  title: 'Suppression added by the change itself',
  severity: 'high',
  category: 'manifest',
  engineFinding: true,
  description:
    'The change adds a `gitops-guard.io/ignore` annotation (or an exception to the configuration). A suppression written by the same change it would excuse is no review at all, so it does not apply to that change: the findings it covers count, and this finding asks for a separate look. Once the suppression is on the base branch it applies like any other.',
  remediation:
    'Fix the findings instead, or land the suppression (with its reason) in its own reviewed change first.',
  references: {},
  check() {},
});
