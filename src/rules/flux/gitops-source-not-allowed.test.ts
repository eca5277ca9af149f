import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './gitops-source-not-allowed.js';

const params = { allowed: ['github.com/my-org', 'ghcr.io/my-org', 'https://charts.example.com'] };
const git = (url: string) =>
  `apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: g}\nspec:\n  url: ${url}\n`;

runRuleTests(rule, {
  valid: [
    { name: 'no allow-list: nothing to check', yaml: git('https://github.com/someone/else') },
    { name: 'allowed https', yaml: git('https://github.com/My-Org/app.git'), params },
    { name: 'allowed scp-style ssh', yaml: git('git@github.com:my-org/app.git'), params },
    { name: 'allowed ssh url with port', yaml: git('ssh://git@github.com:22/my-org/app'), params },
    {
      name: 'allowed helm repo',
      yaml: 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmRepository\nmetadata: {name: h}\nspec: {url: "https://charts.example.com/stable"}\n',
      params,
    },
    {
      name: 'allowed Argo CD source',
      yaml: 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: a}\nspec:\n  source: {repoURL: "oci://ghcr.io/my-org/charts", chart: app}\n',
      params,
    },
  ],
  invalid: [
    {
      name: 'prefix is not an organisation',
      yaml: git('https://github.com/my-organisation/app'),
      params,
      errors: [{ line: 5, message: 'github.com/my-organisation' }],
    },
    { name: 'other host', yaml: git('https://gitlab.com/my-org/app'), params, errors: [{ line: 5 }] },
    {
      name: 'Argo CD multi-source',
      yaml: 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: a}\nspec:\n  sources:\n    - repoURL: https://github.com/my-org/app\n    - repoURL: https://user:pass@evil.example.com/x\n',
      params,
      errors: [{ line: 7, message: /\(evil\.example\.com\/x\)\.$/ }],
    },
  ],
});
