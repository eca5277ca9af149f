import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './argocd-rbac-default-admin.js';

const cm = (data: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: argocd-rbac-cm, namespace: argocd}\ndata:\n${data}\n`;

runRuleTests(rule, {
  valid: [
    {
      name: 'readonly',
      yaml: cm('  policy.default: role:readonly\n  policy.csv: |\n    g, my-org:admins, role:admin'),
    },
    { name: 'empty', yaml: cm("  policy.default: ''") },
    {
      name: 'custom limited role',
      yaml: cm('  policy.default: role:dev\n  policy.csv: |\n    p, role:dev, applications, get, */*, allow'),
    },
  ],
  invalid: [
    {
      name: 'admin',
      yaml: cm('  policy.default: role:admin'),
      output: `apiVersion: v1
kind: ConfigMap
metadata: {name: argocd-rbac-cm, namespace: argocd}
data:
  policy.default: role:readonly
`,
      errors: [{ line: 5, severity: 'critical', message: 'role:admin' }],
    },
    {
      name: 'custom role with everything, via overlay',
      yaml: cm(
        '  policy.default: role:ops\n  policy.extra.csv: |\n    p, role:all, *, *, *, allow\n    g, role:ops, role:all',
      ),
      errors: [{ line: 5, message: '"role:ops", which has every permission' }],
    },
    {
      name: 'Argo CD operator resource',
      yaml: 'apiVersion: argoproj.io/v1beta1\nkind: ArgoCD\nmetadata: {name: argocd}\nspec:\n  rbac:\n    defaultPolicy: role:admin\n',
      errors: [{ line: 6 }],
    },
  ],
});
