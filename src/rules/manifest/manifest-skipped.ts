import { defineRule } from '../../engine/index.js';

/** Reported by the loader, not by a check of its own. */
export default defineRule({
  id: 'manifest-skipped',
  title: 'Template skipped',
  severity: 'info',
  category: 'manifest',
  engineFinding: true,
  description:
    'The file contains template syntax (`{{ }}`, for example a Helm chart template) and is not plain YAML, so it was not scanned.',
  remediation: 'Scan the rendered manifests instead (for example the output of `helm template` or `kustomize build`).',
  references: {},
  check() {},
});
