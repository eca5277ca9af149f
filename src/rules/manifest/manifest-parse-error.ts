import { defineRule } from '../../engine/index.js';

/** Reported by the loader, not by a check of its own. */
export default defineRule({
  id: 'manifest-parse-error',
  title: 'Manifest cannot be parsed',
  severity: 'high',
  category: 'manifest',
  engineFinding: true,
  description:
    'The file is not valid YAML or JSON, is binary or not UTF-8, or exceeds a safety limit (size, documents, nesting depth, alias expansion). Nothing in it was checked, so the gate fails closed: an unparseable file could hide anything.',
  remediation: 'Fix the syntax error named in the message (run the file through a YAML linter), or split oversized files.',
  references: {},
  check() {},
});
