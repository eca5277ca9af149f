import { defineRule } from '../../engine/index.js';

/** Reported by the loader, not by a check of its own. */
export default defineRule({
  id: 'manifest-skipped',
  title: 'Template skipped',
  severity: 'high',
  category: 'manifest',
  engineFinding: true,
  description:
    'The file contains template syntax (`{{ }}` outside comments and strings, for example a Helm chart template) and is not plain YAML, so it was not scanned. When the file looks like a manifest (it names `apiVersion` and `kind`) the gate fails closed at this severity, because the template could hide anything; other templated files (values, config) get an `info` note.',
  remediation:
    'Scan the rendered manifests instead (for example the output of `helm template` or `kustomize build`).',
  references: {},
  check() {},
});
