import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './pss-seccomp-profile-baseline.js';

const baseline = { profile: 'baseline' as const };
const unconfinedAnnotations = `apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    seccomp.security.alpha.kubernetes.io/pod: unconfined
    container.seccomp.security.alpha.kubernetes.io/app: docker/default
    container.seccomp.security.alpha.kubernetes.io/side: unconfined
    container.seccomp.security.alpha.kubernetes.io/gone: unconfined
spec:
  containers:
    - name: app
    - name: side
`;

runRuleTests(rule, {
  valid: [
    {
      name: 'unset, RuntimeDefault and Localhost',
      options: baseline,
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  securityContext:
    seccompProfile: {type: RuntimeDefault}
  containers:
    - name: app
      securityContext:
        seccompProfile: {type: Localhost, localhostProfile: profiles/app.json}
    - name: side
`,
    },
    { name: 'annotations are not checked from v1.19', options: baseline, yaml: unconfinedAnnotations },
    {
      name: 'overridden by seccompProfile_restricted under the restricted profile',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  securityContext:
    seccompProfile: {type: Unconfined}
  containers:
    - name: app
`,
    },
  ],
  invalid: [
    {
      name: 'Unconfined at pod and container level',
      options: baseline,
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      securityContext:
        seccompProfile:
          type: Unconfined
      containers:
        - name: app
          securityContext:
            seccompProfile: {}
`,
      output: `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      securityContext:
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: app
          securityContext:
            seccompProfile: {}
`,
      errors: [
        { line: 9, message: 'The pod sets the seccomp profile type "Unconfined"' },
        { line: 13, message: 'Container "app" sets a seccompProfile without a type' },
      ],
    },
    {
      name: 'before v1.19 the annotations are checked, for the pod and the containers of the pod',
      options: { pssVersion: { major: 1, minor: 18 } },
      yaml: unconfinedAnnotations,
      errors: [
        {
          line: 6,
          message: 'seccomp.security.alpha.kubernetes.io/pod sets the forbidden seccomp profile "unconfined"',
        },
        { line: 8, message: 'container.seccomp.security.alpha.kubernetes.io/side' },
      ],
    },
  ],
});
