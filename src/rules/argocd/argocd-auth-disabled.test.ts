import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './argocd-auth-disabled.js';

const cm = (v: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: argocd-cmd-params-cm}\ndata:\n  server.disable.auth: ${v}\n`;

runRuleTests(rule, {
  valid: [
    { name: 'false', yaml: cm('"false"') },
    {
      name: 'argocd-server with normal args',
      yaml: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: argocd-server}\nspec:\n  template:\n    spec:\n      containers:\n        - name: argocd-server\n          args: [/usr/local/bin/argocd-server, --insecure]\n',
    },
  ],
  invalid: [
    {
      name: 'config map',
      yaml: cm('"true"'),
      output: `apiVersion: v1
kind: ConfigMap
metadata: {name: argocd-cmd-params-cm}
data:
  server.disable.auth: "false"
`,
      errors: [{ line: 5, severity: 'critical' }],
    },
    {
      name: 'server flag',
      yaml: 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: argocd-server}\nspec:\n  template:\n    spec:\n      containers:\n        - name: argocd-server\n          args:\n            - /usr/local/bin/argocd-server\n            - --disable-auth\n',
      errors: [{ line: 11, message: 'authentication disabled' }],
    },
  ],
});
