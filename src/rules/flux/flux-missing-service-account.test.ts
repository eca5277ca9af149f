import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './flux-missing-service-account.js';

const ks = (ns: string, extra = '') => `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: dev-team
${ns}
spec:
  interval: 5m
  sourceRef: {kind: GitRepository, name: dev-team}
${extra}
`;

runRuleTests(rule, {
  valid: [
    { name: 'tenant with service account', yaml: ks('  namespace: apps', '  serviceAccountName: dev-team') },
    { name: 'flux-system', yaml: ks('  namespace: flux-system') },
    { name: 'unknown namespace', yaml: ks('') },
    { name: 'remote cluster', yaml: ks('  namespace: apps', '  kubeConfig: {secretRef: {name: kc}}') },
    {
      name: 'custom system namespace',
      yaml: ks('  namespace: gitops'),
      params: { systemNamespaces: ['gitops'] },
    },
    {
      name: 'Kustomize patch (a partial resource)',
      file: 'tenants/prod/patch.yaml',
      yaml:
        'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\npatches:\n  - path: patch.yaml\n---\n' +
        ks('  namespace: apps', '  path: ./production'),
    },
  ],
  invalid: [
    {
      name: 'tenant without service account',
      yaml: ks('  namespace: apps'),
      errors: [{ line: 6, message: 'in namespace "apps" sets no serviceAccountName' }],
    },
    {
      name: 'HelmRelease with empty service account',
      yaml: 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: podinfo, namespace: podinfo}\nspec:\n  serviceAccountName: ""\n  chart: {spec: {chart: podinfo, version: 6.5.0}}\n',
      errors: [{ line: 5 }],
    },
    {
      name: 'namespace from kustomization.yaml in the same folder',
      file: 'tenants/base/sync.yaml',
      yaml:
        'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: team-b\nresources: [sync.yaml]\n---\n' +
        ks('').replace(/\n\n/, '\n'),
      errors: [{ line: 10, message: '"team-b"' }],
    },
  ],
});
