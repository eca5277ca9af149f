import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './pss-restricted-volumes.js';

runRuleTests(rule, {
  valid: [
    {
      name: 'allowed volume types (image volumes are allowed at every version)',
      options: { pssVersion: { major: 1, minor: 25 } },
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers: [{name: app}]
  volumes:
    - {name: a, configMap: {name: c}}
    - {name: b, secret: {secretName: s}}
    - {name: c, emptyDir: {}}
    - {name: d, persistentVolumeClaim: {claimName: pvc}}
    - {name: e, projected: {sources: []}}
    - {name: f, downwardAPI: {items: []}}
    - {name: g, csi: {driver: secrets-store.csi.k8s.io}}
    - {name: h, ephemeral: {volumeClaimTemplate: {spec: {}}}}
    - {name: i, image: {reference: "registry.example/data:1"}}
    - {name: defaulted-to-empty-dir}
    - "odd"
`,
    },
    {
      name: 'keys that are not VolumeSource fields are dropped by the API server (defaulted to emptyDir)',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers: [{name: app}]
  volumes:
    - {name: a, hostpath: {path: /}}
    - {name: b, customSource: {x: 1}, readOnly: true}
    - {name: c, hostPath: null}
`,
    },
    {
      name: 'skipped under the baseline profile',
      options: { profile: 'baseline' },
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers: [{name: app}]
  volumes: [{name: n, nfs: {server: nfs.example, path: /}}]
`,
    },
  ],
  invalid: [
    {
      name: 'hostPath, nfs and gitRepo volumes',
      yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      containers: [{name: app}]
      volumes:
        - name: sock
          hostPath:
            path: /var/run/docker.sock
        - name: share
          nfs: {server: nfs.example, path: /exports}
        - name: src
          gitRepo:
            repository: https://example.com/repo.git
`,
      errors: [
        { line: 10, message: 'Volume "sock" uses the restricted volume type "hostPath"', severity: 'high' },
        { line: 13, message: '"nfs"', severity: 'medium' },
        { line: 15, message: '"gitRepo"' },
      ],
    },
    {
      name: 'a restricted source next to an unknown key is still reported at the source',
      yaml: `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers: [{name: app}]
  volumes:
    - name: data
      customSource: {x: 1}
      cephfs: {monitors: [a]}
    - name: legacy
      flocker: {datasetName: d}
      hostPath: {path: /srv}
`,
      errors: [
        { line: 9, message: 'Volume "data" uses the restricted volume type "cephfs"' },
        { line: 12, message: '"hostPath"', severity: 'high' },
      ],
    },
  ],
});
