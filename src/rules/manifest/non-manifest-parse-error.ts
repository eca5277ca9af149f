import { defineRule } from '../../engine/index.js';

/** Reported by the loader, not by a check of its own. */
export default defineRule({
  id: 'non-manifest-parse-error',
  title: 'YAML that is not a manifest cannot be parsed',
  severity: 'info',
  category: 'manifest',
  engineFinding: true,
  description:
    "A YAML or JSON document that does not parse and does not look like a Kubernetes manifest: it names neither `apiVersion` nor `kind` and is not a kustomization file. Other tools' YAML (mkdocs with `!!python/name:`, CloudFormation `!Sub`, Ansible `!vault`, application configs) often uses tags or syntax this scanner does not accept; such a file cannot hide a resource, so it is a note, not a failure. A broken document that does look like a manifest stays a `manifest-parse-error` (high).",
  remediation:
    'Nothing to do if the file is not meant for Kubernetes; leave it out of the scan with `paths.exclude` to silence the note.',
  references: {},
  check() {},
});
