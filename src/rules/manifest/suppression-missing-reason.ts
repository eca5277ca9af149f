import { defineRule } from '../../engine/index.js';

/** Reported by the engine, not by a check of its own. */
export default defineRule({
  id: 'suppression-missing-reason',
  title: 'Suppression without a reason',
  severity: 'medium',
  category: 'manifest',
  engineFinding: true,
  description:
    'The resource carries a `gitops-guard.io/ignore` annotation without a `gitops-guard.io/ignore-reason`. Unexplained suppressions hide risk from reviewers, so the suppression does not apply.',
  remediation: 'Add a `gitops-guard.io/ignore-reason` annotation that says why the finding is accepted.',
  references: {},
  check() {},
});
