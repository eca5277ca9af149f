import { describe, expect, it } from '@jest/globals';
import { applyFix, findingsOf, runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './pss-seccomp-profile-restricted.js';

const unsetPod = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  os:
    name: windows
  securityContext:
    runAsNonRoot: true
  containers:
    - name: app
`;

runRuleTests(rule, {
  valid: [
    {
      name: 'pod-level RuntimeDefault inherited by containers',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  securityContext:
    seccompProfile: {type: RuntimeDefault}
  initContainers:
    - name: init
  containers:
    - name: app
      securityContext:
        seccompProfile: {type: Localhost, localhostProfile: p.json}
`,
    },
    {
      name: 'every container sets a valid profile',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: app
      securityContext: {seccompProfile: {type: RuntimeDefault}}
`,
    },
    { name: 'Windows pods are exempt from v1.25', yaml: unsetPod },
    {
      name: 'the check only exists from v1.19',
      options: { pssVersion: { major: 1, minor: 18 } },
      yaml: unsetPod.replace('windows', 'linux'),
    },
  ],
  invalid: [
    {
      name: 'Windows pods are not exempt before v1.25',
      options: { pssVersion: { major: 1, minor: 24 } },
      yaml: unsetPod,
      output: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  os:
    name: windows
  securityContext:
    seccompProfile:
      type: RuntimeDefault
    runAsNonRoot: true
  containers:
    - name: app
`,
      errors: [
        { line: 7, message: 'Neither the pod nor its containers set securityContext.seccompProfile.type' },
      ],
    },
    {
      name: 'a container without profile when the pod has none, and an Unconfined container',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      containers:
        - name: app
          securityContext:
            seccompProfile:
              type: Unconfined
        - name: side
          securityContext:
            runAsNonRoot: true
`,
      errors: [
        {
          line: 11,
          message: 'Container "app" sets the seccomp profile type "Unconfined"',
          severity: 'medium',
        },
        {
          line: 13,
          message:
            'Container "side" does not set securityContext.seccompProfile.type and the pod does not either',
        },
      ],
    },
    {
      name: 'Unconfined at pod level is inherited: one finding',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  securityContext:
    seccompProfile: {type: Unconfined}
  containers:
    - name: app
`,
      errors: [{ line: 6, message: 'The pod sets the seccomp profile type "Unconfined"' }],
    },
  ],
});

describe('pss-seccomp-profile-restricted fixes', () => {
  it('adds a RuntimeDefault profile to the pod securityContext', () => {
    const yaml = unsetPod.replace('windows', 'linux');
    const [finding] = findingsOf(rule, { name: 'fix', yaml });
    expect(applyFix(yaml, finding!.fix!)).toContain(
      '  securityContext:\n    seccompProfile:\n      type: RuntimeDefault\n    runAsNonRoot: true\n  containers:',
    );
  });
});
