import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import { hardenedCase } from './__fixtures__/hardened.js';
import rule from './workload-git-sync-git-binary.js';

runRuleTests(rule, {
  valid: [
    hardenedCase,
    {
      name: 'ordinary git-sync options',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      containers:
        - name: git-sync
          image: registry.k8s.io/git-sync/git-sync:v4.2.1
          args: ["--repo=https://github.com/example/site", "--git-config=safe.directory:*", "--github-base-url=x"]
          env:
            - {name: GITSYNC_REPO, value: "https://github.com/example/site"}
            - {name: GITSYNC_GIT_CONFIG, value: "x"}
            - "GITSYNC_GIT"
`,
    },
  ],
  invalid: [
    {
      name: 'v4 and v3 variables and the flag',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      initContainers:
        - name: clone
          image: registry.k8s.io/git-sync/git-sync:v3.6.9
          env:
            - {name: GIT_SYNC_GIT, value: /tmp/evil}
      containers:
        - name: git-sync
          image: registry.k8s.io/git-sync/git-sync:v4.2.1
          args: ["--git=/bin/sh"]
          env:
            - name: GITSYNC_GIT
              value: /tmp/evil
`,
      errors: [
        { line: 11, severity: 'high', message: 'Container "clone" sets GIT_SYNC_GIT' },
        { line: 15, message: 'passes --git=/bin/sh' },
        { line: 17, message: 'sets GITSYNC_GIT' },
      ],
    },
  ],
});
