import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './argocd-app-default-project.js';

runRuleTests(rule, {
  valid: [
    {
      name: 'own project pinned to a tag',
      yaml: `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: guestbook, namespace: argocd}
spec:
  project: team-a
  source: {repoURL: https://github.com/my-org/app.git, targetRevision: v1.2.3, path: deploy}
  destination: {server: https://kubernetes.default.svc, namespace: team-a}
`,
    },
    {
      name: 'templated project in an ApplicationSet',
      yaml: `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: {name: s}
spec:
  generators: [{list: {elements: [{team: a}]}}]
  template:
    metadata: {name: 'app-{{team}}'}
    spec:
      project: '{{team}}'
      destination: {namespace: x}
`,
    },
    {
      name: 'Application without spec',
      yaml: 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: a}\n',
    },
    {
      name: 'other group',
      yaml: 'apiVersion: example.com/v1\nkind: Application\nmetadata: {name: a}\nspec: {project: default}\n',
    },
  ],
  invalid: [
    {
      name: 'default project',
      yaml: 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: a}\nspec:\n  project: default\n',
      errors: [{ line: 5, column: 3, message: 'Application "a" uses the unrestricted "default" project' }],
    },
    {
      name: 'no project',
      yaml: 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: a}\nspec:\n  destination: {namespace: x}\n',
      errors: [{ line: 4, message: 'sets no project' }],
    },
    {
      name: 'empty project in an ApplicationSet template',
      yaml: `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: {name: s}
spec:
  template:
    spec:
      project: ""
`,
      errors: [{ line: 7, message: 'ApplicationSet "s" sets no project' }],
    },
  ],
});
