import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './pss-selinux-options.js';

runRuleTests(rule, {
  valid: [
    {
      name: 'allowed types and a level',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  securityContext:
    seLinuxOptions: {level: "s0:c123,c456"}
  containers:
    - name: app
      securityContext:
        seLinuxOptions: {type: container_init_t, user: "", role: ""}
    - name: engine
      securityContext:
        seLinuxOptions: {type: container_engine_t}
    - name: odd
      securityContext: {seLinuxOptions: "spc_t"}
`,
    },
  ],
  invalid: [
    {
      name: 'custom type, user and role',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  securityContext:
    seLinuxOptions:
      type: spc_t
  containers:
    - name: app
      securityContext:
        seLinuxOptions:
          user: system_u
          role: system_r
`,
      errors: [
        { line: 7, message: 'The pod sets the SELinux type "spc_t"' },
        { line: 12, message: 'Container "app" sets a custom SELinux user' },
        { line: 13, message: 'custom SELinux role' },
      ],
    },
    {
      name: 'container_engine_t is only allowed from v1.31',
      options: { pssVersion: { major: 1, minor: 30 } },
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: engine
      securityContext:
        seLinuxOptions: {type: container_engine_t}
`,
      errors: [{ line: 8, message: '"container_engine_t"' }],
    },
  ],
});
