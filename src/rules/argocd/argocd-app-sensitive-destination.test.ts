import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './argocd-app-sensitive-destination.js';

const app = (ns: string) => `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: a, namespace: argocd}
spec:
  project: infra
  destination:
    server: https://kubernetes.default.svc
    namespace: ${ns}
`;

runRuleTests(rule, {
  valid: [
    { name: 'tenant namespace', yaml: app('team-a') },
    {
      name: 'no namespace',
      yaml: 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: a}\nspec: {destination: {server: x}}\n',
    },
    { name: 'argocd elsewhere', yaml: app('argocd'), params: { argocdNamespace: 'gitops' } },
  ],
  invalid: [
    {
      name: 'kube-system',
      yaml: app('kube-system'),
      errors: [{ line: 8, message: 'system namespace "kube-system"' }],
    },
    { name: 'argocd', yaml: app('argocd'), errors: [{ line: 8, message: "Argo CD's own namespace" }] },
    {
      name: 'custom argocd namespace',
      yaml: app('gitops'),
      params: { argocdNamespace: 'gitops' },
      errors: [{ line: 8 }],
    },
  ],
});
