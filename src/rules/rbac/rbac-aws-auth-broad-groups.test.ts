import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './rbac-aws-auth-broad-groups.js';

runRuleTests(rule, {
  valid: [
    {
      name: 'node role and a scoped admin group; other ConfigMaps',
      yaml: `apiVersion: v1
kind: ConfigMap
metadata: {name: aws-auth, namespace: kube-system}
data:
  mapRoles: |
    - rolearn: arn:aws:iam::111122223333:role/eks-node
      username: system:node:{{EC2PrivateDNSName}}
      groups: [system:bootstrappers, system:nodes]
    - rolearn: arn:aws:iam::111122223333:role/platform
      username: platform
      groups: [platform-admins]
  mapUsers: ""
---
apiVersion: v1
kind: ConfigMap
metadata: {name: aws-auth, namespace: other}
data:
  mapRoles: |
    - {rolearn: "arn:aws:iam::1:role/x", groups: [system:masters]}
`,
    },
  ],
  invalid: [
    {
      name: 'system:masters, system:authenticated, whole accounts',
      yaml: `apiVersion: v1
kind: ConfigMap
metadata: {name: aws-auth, namespace: kube-system}
data:
  mapRoles: |
    - rolearn: arn:aws:iam::111122223333:role/admin
      username: admin
      groups:
        - system:masters
  mapUsers: |
    - userarn: arn:aws:iam::111122223333:user/ops
      groups: [system:authenticated]
  mapAccounts: |
    - "111122223333"
`,
      errors: [
        {
          line: 5,
          severity: 'high',
          message:
            'aws-auth mapRoles maps arn:aws:iam::111122223333:role/admin to system:masters: cluster-admin that RBAC cannot limit or revoke.',
        },
        { line: 10, severity: 'medium', message: 'to system:authenticated' },
        { line: 13, severity: 'medium', message: 'every IAM identity of 1 AWS account(s)' },
      ],
    },
    {
      name: 'unreadable mappings are not evaluated',
      yaml: `apiVersion: v1
kind: ConfigMap
metadata: {name: aws-auth}
data:
  mapRoles: "- rolearn: [unclosed"
  mapUsers: "just text"
`,
      errors: [
        {
          line: 5,
          severity: 'medium',
          message: 'aws-auth mapRoles is not evaluated, because it is not a readable YAML list.',
        },
        {
          line: 6,
          severity: 'medium',
          message: 'aws-auth mapUsers is not evaluated, because it is not a YAML list.',
        },
      ],
    },
  ],
});
