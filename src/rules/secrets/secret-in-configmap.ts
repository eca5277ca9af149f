import { defineRule } from '../../engine/index.js';
import { isObject } from '../../manifests/index.js';
import { looksLikeSecret, scanEmbeddedText } from './_lib/redact.js';

export default defineRule({
  id: 'secret-in-configmap',
  title: 'Credentials in ConfigMaps',
  severity: 'high',
  category: 'secrets',
  description:
    'ConfigMaps are not meant for secrets: they are readable by anyone who can read the namespace configuration, shown in dashboards and logs, and committed in plain text. A password, token or key in a ConfigMap value, or in a config file or `KEY=value`/`KEY: value` line embedded in one, is exposed; cloud credential variables (`AZURE_*_KEY`, `OCI_CLI_KEY_CONTENT`) count as keys, and so does a provider credential format under a key named after the provider, as the keyed rules of gitleaks (a maintained detector, vendored) recognise it: 30 alphanumerics in `ALIBABA_CLOUD_SECRET`, a UUID in `HEROKU_API`. Values never appear in findings.',
  remediation:
    'Move the credential to a Secret (sealed, SOPS-encrypted or from an external secret store) and reference it from the configuration, e.g. through an environment variable or a mounted file.',
  references: {
    polaris: ['sensitiveConfigmapContent'],
    trivy: ['KSV-0109'],
    links: ['https://kubernetes.io/docs/concepts/configuration/configmap/'],
  },
  match: (resource) => resource.kind === 'ConfigMap' && resource.group === '',
  check(resource, context) {
    const data = resource.object.data;
    if (!isObject(data)) return;
    for (const [key, value] of Object.entries(data)) {
      if (typeof value !== 'string') continue;
      if (value.includes('\n')) {
        for (const hit of scanEmbeddedText(value, key)) {
          const where = hit.setting ? ` in setting "${hit.setting}"` : '';
          context.report({
            path: ['data', key],
            key: `${hit.id}:${hit.setting ?? ''}:${hit.line}`,
            message: `ConfigMap key "${key}" embeds a ${hit.label}${where} (line ${hit.line + 1} of the value).`,
          });
        }
        continue;
      }
      const hit = looksLikeSecret(key, value);
      if (hit) {
        context.report({
          path: ['data', key],
          message: `ConfigMap key "${key}" holds a ${hit.label} in plain text.`,
        });
        continue;
      }
      // A one-line `KEY=value` or `KEY: value` setting inside the value (an env file of one line).
      const [setting] = scanEmbeddedText(value, key).filter((h) => h.setting !== undefined);
      if (setting) {
        context.report({
          path: ['data', key],
          key: `${setting.id}:${setting.setting}`,
          message: `ConfigMap key "${key}" embeds a ${setting.label} in setting "${setting.setting}".`,
        });
      }
    }
  },
});
