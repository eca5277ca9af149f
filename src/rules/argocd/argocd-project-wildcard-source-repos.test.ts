import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './argocd-project-wildcard-source-repos.js';

const project = (repos: string) => `apiVersion: argoproj.io/v1alpha1
kind: AppProject
metadata: {name: team-a, namespace: argocd}
spec:
  sourceRepos:
${repos}
  destinations:
    - {server: https://kubernetes.default.svc, namespace: team-a}
`;

runRuleTests(rule, {
  valid: [
    {
      name: 'scoped to one organisation',
      yaml: project("    - 'https://github.com/my-org/*'\n    - git@github.com:my-org/app.git"),
    },
    { name: 'negation only', yaml: project("    - '!https://github.com/evil/*'") },
    {
      name: 'no sourceRepos',
      yaml: 'apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata: {name: p}\nspec: {}\n',
    },
    {
      name: 'sourceRepos of the wrong type',
      yaml: 'apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata: {name: p}\nspec: {sourceRepos: "*"}\n',
    },
    {
      name: 'not an AppProject',
      yaml: "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: p}\ndata: {sourceRepos: '*'}\n",
    },
  ],
  invalid: [
    {
      name: 'star',
      yaml: project("    - '*'"),
      errors: [{ line: 6, column: 7, message: 'allows any source repository', severity: 'high' }],
    },
    {
      name: 'star among others, null item',
      yaml: project("    - https://github.com/my-org/app\n    - null\n    - '**'"),
      errors: [{ line: 8, severity: 'high' }],
    },
    {
      name: 'whole host',
      yaml: project("    - 'https://github.com/*'\n    - 'git@gitlab.com:*'"),
      errors: [
        { line: 6, severity: 'medium', message: 'every repository on a host' },
        { line: 7, severity: 'medium' },
      ],
    },
  ],
});
