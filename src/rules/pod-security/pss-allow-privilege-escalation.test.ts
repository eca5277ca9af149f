import { describe, expect, it } from '@jest/globals';
import { applyFix, findingsOf, runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './pss-allow-privilege-escalation.js';

const windowsPod = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  os: {name: windows}
  containers:
    - name: app
`;

runRuleTests(rule, {
  valid: [
    {
      name: 'false on every container kind',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers:
    - name: init
      securityContext: {allowPrivilegeEscalation: false}
  containers:
    - name: app
      securityContext:
        allowPrivilegeEscalation: false
  ephemeralContainers:
    - name: debug
      securityContext: {allowPrivilegeEscalation: false}
`,
    },
    { name: 'Windows pods are exempt from v1.25', yaml: windowsPod },
    {
      name: 'skipped under the baseline profile',
      options: { profile: 'baseline' },
      yaml: windowsPod.replace('windows', 'linux'),
    },
  ],
  invalid: [
    {
      name: 'missing, true, and no securityContext',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      containers:
        - name: a
          image: nginx
        - name: b
          securityContext:
            runAsNonRoot: true
        - name: c
          securityContext:
            allowPrivilegeEscalation: true
`,
      output: `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      containers:
        - name: a
          securityContext:
            allowPrivilegeEscalation: false
          image: nginx
        - name: b
          securityContext:
            allowPrivilegeEscalation: false
            runAsNonRoot: true
        - name: c
          securityContext:
            allowPrivilegeEscalation: false
`,
      errors: [
        { line: 8, message: 'Container "a" does not set securityContext.allowPrivilegeEscalation=false' },
        { line: 11, message: 'Container "b" does not set' },
        { line: 15, message: 'Container "c" sets securityContext.allowPrivilegeEscalation to true' },
      ],
    },
    {
      name: 'Windows pods are not exempt before v1.25',
      options: { pssVersion: { major: 1, minor: 24 } },
      yaml: windowsPod,
      errors: [{ line: 7 }],
    },
  ],
});

describe('pss-allow-privilege-escalation fixes', () => {
  const yaml = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: a
      image: nginx
    - name: b
      securityContext:
        runAsNonRoot: true
    - name: c
      securityContext:
        allowPrivilegeEscalation: true
`;
  it('adds the field, adds a securityContext, or replaces the value', () => {
    let text = yaml;
    for (const finding of findingsOf(rule, { name: 'fix', yaml }).reverse())
      text = applyFix(text, finding.fix!);
    expect(text).toBe(`apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: a
      securityContext:
        allowPrivilegeEscalation: false
      image: nginx
    - name: b
      securityContext:
        allowPrivilegeEscalation: false
        runAsNonRoot: true
    - name: c
      securityContext:
        allowPrivilegeEscalation: false
`);
  });
});
