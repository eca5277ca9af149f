import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import { hardenedCase } from './__fixtures__/hardened.js';
import rule from './workload-image-tag.js';

runRuleTests(rule, {
  valid: [
    hardenedCase,
    {
      name: 'fixed tags, registry with port, digest without tag',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: a
      image: nginx:1.27.3
    - name: b
      image: localhost:5000/team/app:v2
    - name: c
      image: busybox@sha256:4c1d7f6a0b2e9c8d5f3a1b7e6d4c2a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b
    - name: d
      image: registry.example.com:443/app:latest@sha256:4c1d7f6a0b2e9c8d5f3a1b7e6d4c2a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b
    - name: no-image
    - name: odd
      image: 42
`,
    },
    {
      name: 'tag set by a Kustomization of the scan',
      yaml: `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
images:
  - name: ghcr.io/acme/web
    newTag: 1.2.3
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
        - name: web
          image: ghcr.io/acme/web
`,
    },
  ],
  invalid: [
    {
      name: 'missing tag, latest, registry port without tag',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      initContainers:
        - name: init
          image: busybox
      containers:
        - name: app
          image: nginx:latest
        - name: local
          image: localhost:5000/team/app
`,
      errors: [
        { line: 9, column: 11, message: 'Container "init" uses busybox without a tag' },
        { line: 12, message: 'uses the mutable "latest" tag of nginx', severity: 'medium' },
        { line: 14, message: 'localhost:5000/team/app without a tag' },
      ],
    },
    {
      name: 'a Kustomization for another image does not help',
      yaml: `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
images:
  - name: ghcr.io/acme/other
    newTag: 1.2.3
---
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: web
      image: ghcr.io/acme/web
`,
      errors: [{ line: 13 }],
    },
  ],
});
