import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './rbac-create-workloads.js';

runRuleTests(rule, {
  valid: [
    {
      name: 'read and wrong groups',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: r}
rules:
  - apiGroups: [""]
    resources: ["pods"]
    verbs: ["get", "list", "watch"]
  - apiGroups: [""]
    resources: ["deployments"]
    verbs: ["create"]
  - apiGroups: ["apps"]
    resources: ["pods"]
    verbs: ["create"]
`,
    },
  ],
  invalid: [
    {
      name: 'create pods, deployments and jobs',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: r}
rules:
  - apiGroups: [""]
    resources: ["pods"]
    verbs: ["create"]
  - apiGroups: ["apps", "batch"]
    resources: ["deployments", "jobs", "cronjobs"]
    verbs: ["create", "update"]
`,
      errors: [
        { line: 6, severity: 'high', message: 'can create pods' },
        { line: 9, severity: 'high', message: 'deployments, jobs, cronjobs' },
      ],
    },
    {
      name: 'Role with wildcard verb',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: r, namespace: a}
rules:
  - apiGroups: ["apps"]
    resources: ["*"]
    verbs: ["*"]
`,
      errors: [{ line: 6, severity: 'medium', message: 'through a wildcard' }],
    },
    {
      name: 'patch and update rewrite the pod template',
      yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: r, namespace: a}
rules:
  - apiGroups: ["apps"]
    resources: ["deployments"]
    verbs: ["get", "patch"]
  - apiGroups: ["batch"]
    resources: ["cronjobs"]
    verbs: ["update"]
    resourceNames: ["nightly"]
`,
      errors: [
        { line: 6, severity: 'medium', message: 'can patch deployments' },
        { line: 9, severity: 'low', message: 'can update cronjobs (limited by resourceNames)' },
      ],
    },
  ],
});
