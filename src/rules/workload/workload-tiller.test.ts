import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import { hardenedCase } from './__fixtures__/hardened.js';
import rule from './workload-tiller.js';

runRuleTests(rule, {
  valid: [
    hardenedCase,
    {
      name: 'helm 3 tooling and unrelated labels',
      yaml: `apiVersion: batch/v1
kind: Job
metadata: {name: j, labels: {app: helm}}
spec:
  template:
    metadata: {labels: {name: installer}}
    spec:
      containers:
        - {name: helm, image: alpine/helm:3.14.0}
        - {name: t, image: tiller-tools/helm:1}
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
      errors: [{ line: 9, message: 'labelled app: helm, name: tiller' }],
    },
  ],
});
