import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './flux-cross-namespace-source-ref.js';

const ks = (ns: string, ref: string) => `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {name: k, namespace: ${ns}}
spec:
  serviceAccountName: sa
  sourceRef:
${ref}
`;

runRuleTests(rule, {
  valid: [
    { name: 'same namespace, implicit', yaml: ks('apps', '    kind: GitRepository\n    name: dev-team') },
    {
      name: 'same namespace, explicit',
      yaml: ks('apps', '    kind: GitRepository\n    name: dev-team\n    namespace: apps'),
    },
    {
      name: 'flux-system may reference anything',
      yaml: ks('flux-system', '    kind: GitRepository\n    name: t\n    namespace: apps'),
    },
    { name: 'sourceRef of the wrong type', yaml: ks('apps', '    - x') },
  ],
  invalid: [
    {
      name: 'tenant uses flux-system source',
      yaml: ks('apps', '    kind: GitRepository\n    name: flux-system\n    namespace: flux-system'),
      errors: [{ line: 9, message: 'from namespace "flux-system"' }],
    },
    {
      name: 'HelmRelease chart sourceRef and chartRef',
      yaml: `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: h, namespace: team-a}
spec:
  chart:
    spec:
      chart: app
      sourceRef: {kind: HelmRepository, name: charts, namespace: flux-system}
  chartRef: {kind: OCIRepository, name: app, namespace: team-b}
`,
      errors: [{ line: 8 }, { line: 9, message: '"team-b"' }],
    },
  ],
});
