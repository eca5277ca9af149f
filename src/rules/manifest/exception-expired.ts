import { defineRule } from '../../engine/index.js';

/** Reported by the configuration, not by a check of its own. */
export default defineRule({
  id: 'exception-expired',
  title: 'Expired exception',
  severity: 'medium',
  category: 'manifest',
  engineFinding: true,
  description:
    'An exception in the configuration has passed its `expires` date. It no longer applies, and the findings it covered are reported again.',
  remediation: 'Fix the findings, or renew the exception with a new date and reason after a review.',
  references: {},
  check() {},
});
