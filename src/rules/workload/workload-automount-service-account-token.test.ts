import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import { hardenedCase } from './__fixtures__/hardened.js';
import rule from './workload-automount-service-account-token.js';

runRuleTests(rule, {
  valid: [
    hardenedCase,
    {
      name: 'ServiceAccount of the scan opts out and the pod does not override',
      yaml: `apiVersion: v1
kind: ServiceAccount
metadata: {name: api, namespace: team}
automountServiceAccountToken: false
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: d, namespace: team}
spec:
  template:
    spec:
      serviceAccountName: api
      containers: [{name: app}]
`,
    },
  ],
  invalid: [
    {
      name: 'explicit true overrides the ServiceAccount',
      yaml: `apiVersion: v1
kind: ServiceAccount
metadata: {name: api}
automountServiceAccountToken: false
---
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  serviceAccountName: api
  automountServiceAccountToken: true
  containers: [{name: app}]
`,
      output: `apiVersion: v1
kind: ServiceAccount
metadata: {name: api}
automountServiceAccountToken: false
---
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  serviceAccountName: api
  automountServiceAccountToken: false
  containers: [{name: app}]
`,
      errors: [{ line: 11, column: 3, message: 'explicitly mounts', severity: 'low' }],
    },
    {
      name: 'not set anywhere; ServiceAccount in another namespace does not count',
      yaml: `apiVersion: v1
kind: ServiceAccount
metadata: {name: api, namespace: other}
automountServiceAccountToken: false
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: c, namespace: team}
spec:
  jobTemplate:
    spec:
      template:
        spec:
          serviceAccountName: api
          containers: [{name: app}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      automountServiceAccountToken: "false"
      containers: [{name: app}]
`,
      errors: [
        { line: 13, message: 'token of service account "api"' },
        { line: 23, message: 'service account "default"' },
      ],
    },
  ],
});
