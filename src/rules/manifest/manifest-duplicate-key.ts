import { defineRule } from '../../engine/index.js';

/** Reported by the loader, not by a check of its own. */
export default defineRule({
  id: 'manifest-duplicate-key',
  title: 'Duplicate key in a manifest',
  severity: 'high',
  category: 'manifest',
  engineFinding: true,
  description:
    'A mapping has the same key twice. YAML parsers disagree on which value wins (first, last, or an error), so a duplicate key can show a reviewer or scanner one value while the cluster applies the other.',
  remediation: 'Remove one of the duplicate keys.',
  references: {},
  check() {},
});
