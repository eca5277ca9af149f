import { defineRule } from '../../engine/index.js';

/** Reported by the loader, not by a check of its own. */
export default defineRule({
  id: 'manifest-parse-error',
  title: 'Manifest cannot be parsed',
  severity: 'high',
  category: 'manifest',
  engineFinding: true,
  description:
    'The file is not valid YAML or JSON (JSON with comments included), is binary, not UTF-8 or unreadable, or exceeds a safety limit (size, documents, nesting depth, alias expansion in nodes or characters, time). What it holds was not checked, so when it looks like a manifest (it names `apiVersion` and `kind`) the gate fails closed at this severity: it could hide anything. In other YAML (values, config) the finding is an `info` note.',
  remediation:
    'Fix the syntax error named in the message (run the file through a YAML linter), or split oversized files.',
  references: {},
  check() {},
});
