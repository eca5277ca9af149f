import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './flux-source-insecure.js';

const src = (kind: string, spec: string) => `apiVersion: source.toolkit.fluxcd.io/v1
kind: ${kind}
metadata: {name: s, namespace: apps}
spec:
${spec}
`;

runRuleTests(rule, {
  valid: [
    { name: 'https git', yaml: src('GitRepository', '  url: https://github.com/o/r\n  ref: {branch: main}') },
    { name: 'ssh git', yaml: src('GitRepository', '  url: ssh://git@github.com/o/r') },
    { name: 'oci helm', yaml: src('HelmRepository', '  type: oci\n  url: oci://ghcr.io/o/charts') },
    {
      name: 'oci repository, insecure false',
      yaml: src('OCIRepository', '  url: oci://ghcr.io/o/app\n  insecure: false'),
    },
    { name: 'bucket over TLS', yaml: src('Bucket', '  endpoint: minio.example.com\n  bucketName: b') },
    { name: 'odd spec', yaml: src('GitRepository', '  url: [x]') },
    {
      name: 'kustomize group',
      yaml: 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata: {name: x}\nspec: {url: "http://x"}\n',
    },
  ],
  invalid: [
    {
      name: 'http git',
      yaml: src('GitRepository', '  url: http://git.example.com/o/r'),
      errors: [{ line: 5, severity: 'high', message: 'over http://' }],
    },
    {
      name: 'http helm repo in cluster',
      yaml: src('HelmRepository', '  url: http://chartmuseum.tools.svc:8080'),
      errors: [{ line: 5, severity: 'low' }],
    },
    {
      name: 'insecure oci',
      yaml: src('OCIRepository', '  url: oci://registry.example.com/app\n  insecure: true'),
      errors: [{ line: 6, message: '`insecure: true`' }],
    },
    {
      name: 'insecure bucket',
      yaml: src('Bucket', '  endpoint: minio.example.com\n  insecure: true'),
      errors: [{ line: 6, severity: 'high' }],
    },
  ],
});
