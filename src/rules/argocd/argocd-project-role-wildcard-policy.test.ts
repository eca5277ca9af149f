import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './argocd-project-role-wildcard-policy.js';

const project = (policies: string) => `apiVersion: argoproj.io/v1alpha1
kind: AppProject
metadata: {name: x}
spec:
  roles:
    - name: ci
      policies:
${policies}
`;

runRuleTests(rule, {
  valid: [
    {
      name: 'narrow grants',
      yaml: project(
        '        - p, proj:x:ci, applications, sync, x/guestbook, allow\n        - p, proj:x:ci, applications, get, x/*, allow',
      ),
    },
    { name: 'wildcard deny', yaml: project('        - p, proj:x:ci, applications, *, x/*, deny') },
    {
      name: 'odd policies',
      yaml: project('        - 12\n        - null\n        - "g, group, proj:x:ci"\n        - "p, short"'),
    },
    {
      name: 'roles not a list',
      yaml: 'apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata: {name: x}\nspec: {roles: {a: 1}}\n',
    },
  ],
  invalid: [
    {
      name: 'every action',
      yaml: project(
        '        - p, proj:x:ci, applications, sync, x/*, allow\n        - p, proj:x:ci, applications, *, x/*, allow',
      ),
      errors: [{ line: 9, message: 'Role "ci" of AppProject "x" is allowed every action' }],
    },
    {
      name: 'every resource, no effect',
      yaml: project("        - 'p, proj:x:ci, *, get, x/*'"),
      errors: [{ line: 8, message: 'every resource' }],
    },
  ],
});
