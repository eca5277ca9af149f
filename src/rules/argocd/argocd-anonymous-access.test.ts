import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './argocd-anonymous-access.js';

const cm = (v: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: argocd-cm}\ndata:\n  users.anonymous.enabled: ${v}\n`;

runRuleTests(rule, {
  valid: [
    { name: 'false', yaml: cm('"false"') },
    { name: 'odd value', yaml: cm('[x]') },
  ],
  invalid: [
    {
      name: 'true',
      yaml: cm('"true"'),
      output: `apiVersion: v1
kind: ConfigMap
metadata: {name: argocd-cm}
data:
  users.anonymous.enabled: "false"
`,
      errors: [{ line: 5, column: 3, message: 'without credentials' }],
    },
    { name: 'True, unquoted', yaml: cm('True'), errors: [{ line: 5 }] },
  ],
});
