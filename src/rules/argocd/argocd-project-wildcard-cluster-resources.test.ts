import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './argocd-project-wildcard-cluster-resources.js';

const project = (list: string) => `apiVersion: argoproj.io/v1alpha1
kind: AppProject
metadata: {name: team-a}
spec:
  clusterResourceWhitelist:
${list}
`;

runRuleTests(rule, {
  valid: [
    { name: 'only namespaces', yaml: project("    - {group: '', kind: Namespace}") },
    { name: 'odd items', yaml: project('    - null\n    - {group: 1, kind: [x]}') },
  ],
  invalid: [
    {
      name: 'everything',
      yaml: project("    - group: '*'\n      kind: '*'"),
      errors: [{ line: 7, message: 'every cluster-scoped kind of every API group', severity: 'high' }],
    },
    {
      name: 'every kind of rbac',
      yaml: project("    - {group: rbac.authorization.k8s.io, kind: '*'}"),
      errors: [{ line: 6, message: 'group "rbac.authorization.k8s.io"', severity: 'high' }],
    },
    {
      name: 'group wildcard only',
      yaml: project("    - {group: '*', kind: Namespace}"),
      errors: [{ line: 6, severity: 'medium' }],
    },
  ],
});
