import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import { hardenedCase } from './__fixtures__/hardened.js';
import rule from './workload-default-namespace.js';

runRuleTests(rule, {
  valid: [
    hardenedCase,
    {
      name: 'namespace not set (set by Kustomize or Argo CD)',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: app}]\n',
    },
    {
      name: 'not a workload',
      yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: default}\n',
    },
  ],
  invalid: [
    {
      name: 'explicit default namespace',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
  namespace: default
spec:
  template:
    spec:
      containers: [{name: app}]
`,
      errors: [{ line: 5, column: 3, message: '"default" namespace', severity: 'low' }],
    },
  ],
});
