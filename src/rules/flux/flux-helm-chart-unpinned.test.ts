import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './flux-helm-chart-unpinned.js';

const hr = (chartSpec: string) => `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: podinfo, namespace: podinfo}
spec:
  chart:
    spec:
      chart: podinfo
      sourceRef: {kind: HelmRepository, name: podinfo}
${chartSpec}
`;

runRuleTests(rule, {
  valid: [
    { name: 'exact version', yaml: hr('      version: 6.5.4') },
    { name: 'exact version with v', yaml: hr("      version: 'v1.2.3-rc.1'") },
    {
      name: 'chartRef',
      yaml: 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: h}\nspec:\n  chartRef: {kind: OCIRepository, name: app}\n',
    },
    {
      name: 'chart from a GitRepository path',
      yaml: 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: h}\nspec:\n  chart:\n    spec:\n      chart: ./charts/app\n      sourceRef: {kind: GitRepository, name: repo}\n',
    },
  ],
  invalid: [
    { name: 'no version', yaml: hr(''), errors: [{ line: 6, message: 'no version' }] },
    { name: 'star', yaml: hr("      version: '*'"), errors: [{ line: 9, message: 'version "*"' }] },
    {
      name: 'caret range',
      yaml: hr("      version: '^1.2'"),
      errors: [{ line: 9, message: 'range "^1.2"' }],
    },
    { name: 'x range', yaml: hr('      version: 1.x'), errors: [{ line: 9 }] },
    { name: 'gte range', yaml: hr("      version: '>=1.0.0'"), errors: [{ line: 9 }] },
    {
      name: 'HelmChart tilde',
      yaml: 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: HelmChart\nmetadata: {name: c}\nspec:\n  chart: app\n  version: ~1\n',
      errors: [{ line: 6 }],
    },
  ],
});
