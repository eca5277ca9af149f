import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './argocd-project-wildcard-source-namespaces.js';

const project = (ns: string) => `apiVersion: argoproj.io/v1alpha1
kind: AppProject
metadata: {name: team-a}
spec:
  sourceNamespaces: ${ns}
`;

runRuleTests(rule, {
  valid: [
    { name: 'prefix', yaml: project("['argocd-apps-*', team-a]") },
    { name: 'wrong type', yaml: project("'*'") },
  ],
  invalid: [
    {
      name: 'any namespace',
      yaml: project("[team-a, '*']"),
      errors: [{ line: 5, message: 'every namespace' }],
    },
  ],
});
