import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './argocd-exec-enabled.js';

const cm = (v: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: argocd-cm}\ndata:\n  exec.enabled: ${v}\n`;

runRuleTests(rule, {
  valid: [
    { name: 'false', yaml: cm('"false"') },
    { name: 'null', yaml: cm('null') },
  ],
  invalid: [{ name: 'true', yaml: cm('"true"'), errors: [{ line: 5, message: 'web terminal' }] }],
});
