import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import { hardenedCase } from './__fixtures__/hardened.js';
import rule from './workload-kubernetes-dashboard.js';

runRuleTests(rule, {
  valid: [
    hardenedCase,
    {
      name: 'other images and labels',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: d, labels: {app: dashboard}}
spec:
  template:
    metadata: {labels: {app: grafana}}
    spec:
      containers:
        - {name: g, image: grafana/grafana:10.0.0}
        - {name: n, image: 42}
`,
    },
  ],
  invalid: [
    {
      name: 'dashboard image',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: kubernetes-dashboard, namespace: kubernetes-dashboard}
spec:
  template:
    metadata: {labels: {k8s-app: kubernetes-dashboard}}
    spec:
      containers:
        - name: kubernetes-dashboard
          image: kubernetesui/dashboard:v2.7.0
        - name: scraper
          image: docker.io/kubernetesui/metrics-scraper:v1.0.8
`,
      errors: [
        {
          line: 10,
          severity: 'medium',
          message:
            'Container "kubernetes-dashboard" runs the Kubernetes Dashboard (kubernetesui/dashboard:v2.7.0)',
        },
        { line: 12, message: 'metrics-scraper' },
      ],
    },
    {
      name: 'dashboard by label, mirrored image',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
  labels:
    app: kubernetes-dashboard
spec:
  containers:
    - {name: ui, image: registry.internal/ui:2}
`,
      errors: [{ line: 6, message: 'labelled app: kubernetes-dashboard' }],
    },
  ],
});
