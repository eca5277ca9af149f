import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import { hardenedCase } from './__fixtures__/hardened.js';
import rule from './workload-image-digest.js';

runRuleTests(rule, {
  valid: [
    hardenedCase,
    {
      name: 'digest set by a Kustomization; odd image values',
      yaml: `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
images:
  - name: nginx
    digest: sha256:4c1d7f6a0b2e9c8d5f3a1b7e6d4c2a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b
---
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: web
      image: nginx:1.27
    - name: odd
      image: null
    - name: list
      image: [a]
`,
    },
  ],
  invalid: [
    {
      name: 'tagged images in a CronJob',
      yaml: `apiVersion: batch/v1
kind: CronJob
metadata: {name: c}
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: job
              image: ghcr.io/acme/job:1.0
            - name: bare
              image: busybox
`,
      errors: [
        {
          line: 11,
          message: 'Container "job" references ghcr.io/acme/job:1.0 by tag, not by digest',
          severity: 'low',
        },
        { line: 13, message: 'busybox' },
      ],
    },
  ],
});
