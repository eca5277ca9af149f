import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './flux-git-source-unverified.js';

runRuleTests(rule, {
  valid: [
    {
      name: 'verified',
      yaml: 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: g}\nspec:\n  url: https://github.com/o/r\n  verify:\n    mode: HEAD\n    secretRef: {name: pgp-public-keys}\n',
    },
    {
      name: 'no spec',
      yaml: 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: g}\n',
    },
    {
      name: 'OCIRepository',
      yaml: 'apiVersion: source.toolkit.fluxcd.io/v1beta2\nkind: OCIRepository\nmetadata: {name: o}\nspec: {url: oci://x}\n',
    },
  ],
  invalid: [
    {
      name: 'unverified',
      yaml: 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: g}\nspec:\n  url: https://github.com/o/r\n',
      errors: [{ line: 4, severity: 'low', message: 'does not verify' }],
    },
    {
      name: 'verify of the wrong type',
      yaml: 'apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: g}\nspec:\n  verify: true\n',
      errors: [{ line: 5 }],
    },
  ],
});
