import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './argocd-app-auto-sync-production.js';

const app = (dest: string, automated: string) => `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: shop}
spec:
  project: shop
  destination: ${dest}
  syncPolicy:
    automated: ${automated}
`;
const production = {
  production: {
    namespaces: ['prod-*'],
    paths: ['clusters/prod/**'],
    clusters: ['https://prod.example.com', 'prod-*'],
  },
};

runRuleTests(rule, {
  valid: [
    {
      name: 'no production configured',
      yaml: app('{server: https://prod.example.com, namespace: prod-shop}', '{prune: true, selfHeal: true}'),
    },
    {
      name: 'staging destination',
      yaml: app('{server: https://staging.example.com, namespace: shop}', '{prune: true}'),
      options: production,
    },
    {
      name: 'production without prune or selfHeal',
      yaml: app('{name: prod-eu, namespace: shop}', '{prune: false}'),
      options: production,
    },
    {
      name: 'automated disabled',
      yaml: app('{namespace: prod-shop}', '{enabled: false, prune: true}'),
      options: production,
    },
    { name: 'automated of the wrong type', yaml: app('{namespace: prod-shop}', 'true'), options: production },
  ],
  invalid: [
    {
      name: 'production namespace with prune',
      yaml: app(
        '{server: https://kubernetes.default.svc, namespace: prod-shop}',
        '\n      prune: true\n      selfHeal: true',
      ),
      options: production,
      errors: [{ line: 9, message: 'with prune and self-heal' }],
    },
    {
      name: 'production cluster by name, selfHeal',
      yaml: app('{name: prod-eu, namespace: shop}', '{selfHeal: true}'),
      options: production,
      errors: [{ line: 8, message: 'with self-heal' }],
    },
    {
      name: 'production by file path',
      yaml: app('{server: https://kubernetes.default.svc, namespace: shop}', '{prune: true}'),
      file: 'clusters/prod/apps/shop.yaml',
      options: production,
      errors: [{ line: 8 }],
    },
  ],
});
