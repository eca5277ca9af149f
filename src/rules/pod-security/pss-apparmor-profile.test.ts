import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './pss-apparmor-profile.js';

runRuleTests(rule, {
  valid: [
    {
      name: 'RuntimeDefault and Localhost fields, allowed annotations',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
  annotations:
    container.apparmor.security.beta.kubernetes.io/app: unconfined
spec:
  template:
    metadata:
      annotations:
        container.apparmor.security.beta.kubernetes.io/app: runtime/default
        container.apparmor.security.beta.kubernetes.io/side: localhost/my-profile
        container.apparmor.security.beta.kubernetes.io/empty: ""
    spec:
      securityContext:
        appArmorProfile: {type: RuntimeDefault}
      containers:
        - name: app
          securityContext:
            appArmorProfile:
              type: Localhost
              localhostProfile: my-profile
        - name: side
          securityContext: {appArmorProfile: null}
`,
    },
  ],
  invalid: [
    {
      name: 'Unconfined field at pod and container level, unconfined annotation',
      yaml: `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    container.apparmor.security.beta.kubernetes.io/app: unconfined
spec:
  securityContext:
    appArmorProfile:
      type: Unconfined
  containers:
    - name: app
      securityContext:
        appArmorProfile: {}
`,
      errors: [
        { line: 6, message: 'sets the forbidden AppArmor profile "unconfined"' },
        { line: 10, message: 'The pod sets the AppArmor profile type "Unconfined"' },
        { line: 14, message: 'Container "app" sets an appArmorProfile without a type' },
      ],
    },
    {
      name: 'fields are checked at every policy version, as PSA does (single v1.0 check)',
      options: { profile: 'baseline', pssVersion: { major: 1, minor: 25 } },
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: app
      securityContext: {appArmorProfile: {type: Unconfined}}
`,
      errors: [{ line: 7, message: '"Unconfined"' }],
    },
  ],
});
