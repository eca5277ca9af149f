import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import { hardenedCase } from '../workload/__fixtures__/hardened.js';
import rule from './network-egress-metadata.js';

runRuleTests(rule, {
  valid: [
    hardenedCase,
    {
      name: 'link-local block excluded; private ranges; IPv6 with AWS endpoint excluded; odd values',
      yaml: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: np}
spec:
  podSelector: {}
  egress:
    - to:
        - ipBlock: {cidr: 0.0.0.0/0, except: [169.254.0.0/16]}
        - ipBlock: {cidr: 10.0.0.0/8}
        - ipBlock: {cidr: "::/0", except: ["fd00:ec2::254/128"]}
        - ipBlock: {cidr: "not-a-cidr"}
        - ipBlock: "odd"
        - namespaceSelector: {}
    - to: "odd"
    - "odd"
`,
    },
  ],
  invalid: [
    {
      name: 'open egress without except, wrong except, covering block',
      yaml: `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: np}
spec:
  podSelector: {}
  egress:
    - to:
        - ipBlock:
            cidr: 0.0.0.0/0
    - to:
        - ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8, 169.254.169.253/32]}
        - ipBlock: {cidr: 128.0.0.0/1}
        - ipBlock: {cidr: "::/0"}
`,
      errors: [
        {
          line: 9,
          column: 13,
          message: 'Egress to 0.0.0.0/0 does not exclude the cloud metadata endpoint 169.254.169.254',
          severity: 'medium',
        },
        { line: 11, message: '0.0.0.0/0' },
        { line: 12, message: '128.0.0.0/1' },
        { line: 13, message: 'Egress to ::/0 does not exclude the cloud metadata endpoint fd00:ec2::254' },
      ],
    },
  ],
});
