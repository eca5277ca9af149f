import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './argocd-admin-user-enabled.js';

const cm = (data: string) => `apiVersion: v1
kind: ConfigMap
metadata: {name: argocd-cm, namespace: argocd}
data:
${data}
`;

runRuleTests(rule, {
  valid: [
    { name: 'disabled with SSO', yaml: cm('  admin.enabled: "false"\n  oidc.config: |\n    name: Okta') },
    { name: 'absent, no SSO (initial setup)', yaml: cm('  url: https://argocd.example.com') },
    {
      name: 'other ConfigMap',
      yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {admin.enabled: "true"}\n',
    },
    { name: 'no data', yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: argocd-cm}\n' },
  ],
  invalid: [
    {
      name: 'explicitly enabled',
      yaml: cm('  admin.enabled: "true"'),
      errors: [{ line: 5, severity: 'medium', message: 'explicitly enabled' }],
    },
    {
      name: 'absent with SSO',
      yaml: cm('  dex.config: |\n    connectors: []'),
      errors: [{ line: 4, severity: 'low', message: 'SSO' }],
    },
    {
      name: 'absent with local accounts',
      yaml: cm('  accounts.alice: login'),
      errors: [{ line: 4, severity: 'low', message: 'local accounts' }],
    },
  ],
});
