import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import { hardenedCase } from './__fixtures__/hardened.js';
import rule from './workload-tiller.js';

runRuleTests(rule, {
  valid: [
    hardenedCase,
    {
      name: 'helm 3 tooling, tiller only in a tag, unrelated labels',
      yaml: `apiVersion: batch/v1
kind: Job
metadata: {name: tiller-migration, labels: {app: helm-installer, component: tiller}}
spec:
  template:
    metadata: {labels: {name: installer}}
    spec:
      containers:
        - {name: helm, image: alpine/helm:3.14.0}
        - {name: t, image: registry.internal/helm-2to3:tiller-cleanup}
`,
    },
  ],
  invalid: [
    {
      name: 'tiller image',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: tiller-deploy, namespace: kube-system}
spec:
  template:
    spec:
      containers:
        - name: tiller
          image: gcr.io/kubernetes-helm/tiller:v2.16.1
`,
      errors: [
        {
          line: 9,
          severity: 'high',
          message:
            'Container "tiller" runs Tiller, the Helm v2 server (gcr.io/kubernetes-helm/tiller:v2.16.1)',
        },
      ],
    },
    {
      name: 'tiller labels, mirrored image',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: t}
spec:
  template:
    metadata:
      labels:
        app: helm
        name: tiller
    spec:
      containers:
        - {name: s, image: registry.internal/helm-server:2}
`,
      errors: [{ line: 8, message: 'labelled app: helm (Tiller' }],
    },
    {
      name: 'one Tiller label alone, on the workload (as Checkov and Trivy read it)',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: t, labels: {name: tiller}}
spec:
  template:
    spec:
      containers:
        - {name: s, image: registry.internal/server:2}
`,
      errors: [{ line: 3, message: 'Deployment t is labelled name: tiller (Tiller' }],
    },
    {
      name: 'tiller in a mirror path',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - {name: s, image: registry.internal/tiller/server:2}
`,
      errors: [{ line: 6, message: 'runs Tiller' }],
    },
  ],
});
