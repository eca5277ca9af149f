import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './pss-host-process.js';

runRuleTests(rule, {
  valid: [
    {
      name: 'hostProcess false on a Windows pod',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  os: {name: windows}
  securityContext:
    windowsOptions: {hostProcess: false, runAsUserName: "ContainerUser"}
  containers:
    - name: app
      securityContext:
        windowsOptions: {hostProcess: false}
`,
    },
    {
      name: 'odd windowsOptions',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  securityContext: {windowsOptions: "yes"}
  containers:
    - name: app
      securityContext: {windowsOptions: [true]}
`,
    },
  ],
  invalid: [
    {
      name: 'hostProcess at pod level and on a container of a DaemonSet',
      yaml: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: d}
spec:
  template:
    spec:
      os: {name: windows}
      hostNetwork: true
      securityContext:
        windowsOptions:
          hostProcess: true
      containers:
        - name: agent
          securityContext:
            windowsOptions:
              hostProcess: true
`,
      output: `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: d}
spec:
  template:
    spec:
      os: {name: windows}
      hostNetwork: true
      securityContext:
        windowsOptions:
          hostProcess: false
      containers:
        - name: agent
          securityContext:
            windowsOptions:
              hostProcess: false
`,
      errors: [
        { line: 11, message: 'The pod sets securityContext.windowsOptions.hostProcess=true' },
        { line: 16, message: 'Container "agent" sets' },
      ],
    },
  ],
});
