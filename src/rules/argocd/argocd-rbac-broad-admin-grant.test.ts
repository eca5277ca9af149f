import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './argocd-rbac-broad-admin-grant.js';

const cm = (data: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: argocd-rbac-cm, namespace: argocd}\ndata:\n${data}\n`;

runRuleTests(rule, {
  valid: [
    {
      name: 'readonly default, project grants',
      yaml: cm(
        '  policy.default: role:readonly\n  policy.csv: |\n    p, my-org:team-alpha, applications, sync, my-project/*, allow\n    g, my-org:team-alpha, role:readonly',
      ),
    },
    { name: 'policy not a string', yaml: cm('  policy.csv: [1, 2]') },
    {
      name: 'comments and blank lines',
      yaml: cm("  policy.csv: |\n    # g, '*', role:admin\n\n    p, role:x, applications, get, */*, allow"),
    },
  ],
  invalid: [
    {
      name: 'named group and wildcard',
      yaml: cm(
        "  policy.csv: |\n    g, my-org:admins, role:admin\n    g, '*', role:admin\n  policy.overlay.csv: |\n    g, authenticated, role:admin",
      ),
      errors: [
        { line: 5, severity: 'low', message: 'makes "my-org:admins" an Argo CD administrator' },
        { line: 5, severity: 'high', message: 'to everyone' },
        { line: 8, severity: 'high', message: '"authenticated"' },
      ],
    },
    {
      name: 'direct wildcard p line and custom admin role',
      yaml: cm(
        '  policy.csv: |\n    p, my-org:ops, *, *, */*, allow\n    p, role:root, *, *, *, allow\n    g, my-org:sre, role:root',
      ),
      errors: [
        { line: 5, severity: 'low', message: '"my-org:ops"' },
        { line: 5, severity: 'low', message: '"my-org:sre"' },
      ],
    },
  ],
});
