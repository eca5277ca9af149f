import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import { hardenedCase } from './__fixtures__/hardened.js';
import rule from './workload-registry-allowlist.js';

const POD = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: hub
      image: nginx:1.27
    - name: ghcr
      image: ghcr.io/acme/web:1.0
    - name: ecr
      image: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:2
    - name: other
      image: quay.io/evil/app:1
`;

runRuleTests(rule, {
  valid: [
    { ...hardenedCase, params: { registries: ['ghcr.io/example'] } },
    { name: 'no registries configured: nothing to check', yaml: POD },
    {
      name: 'every image allowed (docker.io implicit, path prefix, wildcard host)',
      yaml: POD,
      params: {
        registries: ['docker.io', 'ghcr.io/acme', '*.dkr.ecr.*.amazonaws.com', 'https://quay.io/evil/'],
      },
    },
    {
      name: 'Docker Hub library path',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - {name: a, image: "index.docker.io/library/nginx:1"}\n    - {name: b, image: nginx}\n',
      params: { registries: ['docker.io/library'] },
    },
  ],
  invalid: [
    {
      name: 'images outside the allow-list',
      yaml: POD,
      params: { registries: ['ghcr.io/acme', 'ghcr.io/acmecorp'] },
      errors: [
        { line: 7, message: 'Container "hub" pulls nginx from docker.io (implicit)' },
        { line: 11, message: 'from 123456789012.dkr.ecr.eu-west-1.amazonaws.com' },
        { line: 13, message: 'quay.io', severity: 'medium' },
      ],
    },
    {
      name: 'a path prefix does not match a longer name',
      yaml: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: a\n      image: ghcr.io/acmecorp/app:1\n',
      params: { registries: ['ghcr.io/acme'] },
      errors: [{ line: 7 }],
    },
  ],
});
