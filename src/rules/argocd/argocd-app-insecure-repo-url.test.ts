import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './argocd-app-insecure-repo-url.js';

runRuleTests(rule, {
  valid: [
    {
      name: 'https, ssh and oci sources',
      yaml: `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: a}
spec:
  project: team-a
  sources:
    - {repoURL: https://github.com/my-org/app.git, targetRevision: v1.0.0}
    - {repoURL: git@github.com:my-org/values.git, ref: values}
    - {repoURL: oci://ghcr.io/my-org/charts, chart: app, targetRevision: 1.0.0}
    - null
    - {repoURL: 42}
`,
    },
  ],
  invalid: [
    {
      name: 'http source and multi-source',
      yaml: `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: a}
spec:
  source:
    repoURL: http://git.example.com/app.git
  sources:
    - repoURL: HTTP://charts.example.com
    - repoURL: http://chartmuseum.tools.svc.cluster.local:8080
`,
      errors: [
        { line: 6, message: 'over http://', severity: 'high' },
        { line: 8, severity: 'high' },
        { line: 9, message: 'inside the cluster', severity: 'low' },
      ],
    },
    {
      name: 'ApplicationSet template and git generator',
      yaml: `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: {name: s}
spec:
  generators:
    - matrix:
        generators:
          - git:
              repoURL: git://git.example.com/config.git
              revision: HEAD
  template:
    spec:
      project: team-a
      source: {repoURL: 'http://git.example.com/app.git'}
`,
      errors: [
        { line: 9, message: 'over git://' },
        { line: 14, message: 'ApplicationSet "s"' },
      ],
    },
  ],
});
