import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './argocd-server-insecure.js';

const cm = (v: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: argocd-cmd-params-cm}\ndata:\n  server.insecure: ${v}\n`;

runRuleTests(rule, {
  valid: [{ name: 'false', yaml: cm('"false"') }],
  invalid: [{ name: 'true', yaml: cm('"true"'), errors: [{ line: 5, severity: 'info' }] }],
});
