import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './argocd-app-unpinned-revision.js';

const production = { production: { namespaces: ['prod'], paths: [], clusters: [] } };
const app = (source: string, ns = 'prod') => `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: a}
spec:
  project: shop
  destination: {namespace: ${ns}}
${source}
`;

runRuleTests(rule, {
  valid: [
    {
      name: 'tag',
      yaml: app('  source: {repoURL: https://github.com/o/r, targetRevision: v1.2.3}'),
      options: production,
    },
    {
      name: 'commit sha',
      yaml: app('  source: {repoURL: https://github.com/o/r, targetRevision: 3f2a9c1e8b7d}'),
      options: production,
    },
    {
      name: 'exact chart version',
      yaml: app('  source: {repoURL: https://charts.example.com, chart: app, targetRevision: 1.4.0}'),
      options: production,
    },
    {
      name: 'branch, not production',
      yaml: app('  source: {repoURL: https://github.com/o/r, targetRevision: main}', 'dev'),
      options: production,
    },
    {
      name: 'branch, nothing configured',
      yaml: app('  source: {repoURL: https://github.com/o/r, targetRevision: main}'),
    },
    {
      name: 'odd targetRevision',
      yaml: app('  source: {repoURL: https://github.com/o/r, targetRevision: [a]}'),
      options: production,
    },
  ],
  invalid: [
    {
      name: 'HEAD',
      yaml: app('  source:\n    repoURL: https://github.com/o/r\n    targetRevision: HEAD'),
      options: production,
      errors: [{ line: 9, message: 'HEAD', severity: 'low' }],
    },
    {
      name: 'missing',
      yaml: app('  source:\n    repoURL: https://github.com/o/r'),
      options: production,
      errors: [{ line: 7, message: 'no target revision' }],
    },
    {
      name: 'branch and chart range in multi-source',
      yaml: app(
        '  sources:\n    - {repoURL: https://github.com/o/r, targetRevision: main, ref: values}\n    - {repoURL: https://charts.example.com, chart: app, targetRevision: ^1.2}',
      ),
      options: production,
      errors: [
        { line: 8, message: '"main" looks like a branch' },
        { line: 9, message: 'is a range' },
      ],
    },
  ],
});
