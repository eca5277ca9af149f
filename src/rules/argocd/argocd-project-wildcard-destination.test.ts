import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './argocd-project-wildcard-destination.js';

const project = (dest: string) => `apiVersion: argoproj.io/v1alpha1
kind: AppProject
metadata: {name: team-a, namespace: argocd}
spec:
  sourceRepos: [https://github.com/my-org/app]
  destinations:
${dest}
`;

runRuleTests(rule, {
  valid: [
    {
      name: 'scoped destinations',
      yaml: project(
        "    - {server: https://kubernetes.default.svc, namespace: team-a}\n    - {name: in-cluster, namespace: 'team-a-*'}",
      ),
    },
    { name: 'odd destination items', yaml: project('    - null\n    - 3\n    - {namespace: 5}') },
    {
      name: 'no destinations',
      yaml: 'apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata: {name: p}\n',
    },
  ],
  invalid: [
    {
      name: 'any cluster and namespace',
      yaml: project("    - namespace: '*'\n      server: '*'"),
      errors: [
        { line: 7, column: 7, message: 'any destination namespace' },
        { line: 8, column: 7, message: 'any destination cluster' },
      ],
    },
    {
      name: 'name wildcard',
      yaml: project("    - {name: '*', namespace: team-a}"),
      errors: [{ line: 7, message: '`name: "*"`' }],
    },
  ],
});
