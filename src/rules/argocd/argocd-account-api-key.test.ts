import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './argocd-account-api-key.js';

const cm = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: argocd-cm}\ndata:\n${data}\n`;

runRuleTests(rule, {
  valid: [
    { name: 'login only', yaml: cm('  accounts.alice: login') },
    { name: 'disabled api account', yaml: cm('  accounts.ci: apiKey\n  accounts.ci.enabled: "false"') },
    { name: 'odd value', yaml: cm('  accounts.bob: [apiKey]') },
  ],
  invalid: [
    {
      name: 'api keys',
      yaml: cm('  accounts.alice: apiKey, login\n  accounts.alice.enabled: "true"\n  accounts.ci: apiKey'),
      errors: [
        { line: 5, message: 'Local account "alice"' },
        { line: 7, message: '"ci"' },
      ],
    },
  ],
});
