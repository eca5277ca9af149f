import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './flux-force-apply.js';

runRuleTests(rule, {
  valid: [
    {
      name: 'force false',
      yaml: 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: k}\nspec: {force: false}\n',
    },
    {
      name: 'helm without force',
      yaml: 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: h}\nspec: {upgrade: {remediation: {retries: 3}}}\n',
    },
  ],
  invalid: [
    {
      name: 'kustomization force',
      yaml: 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: k}\nspec:\n  force: true\n',
      errors: [{ line: 5, severity: 'low' }],
    },
    {
      name: 'helm upgrade force',
      yaml: 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: h}\nspec:\n  upgrade:\n    force: true\n',
      errors: [{ line: 6 }],
    },
  ],
});
