import { runRuleTests } from '../../../test/helpers/rule-tester.js';
import rule from './flux-remote-kustomize-base.js';

const k = (body: string) => `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n${body}\n`;

runRuleTests(rule, {
  valid: [
    { name: 'local paths', yaml: k('resources:\n  - ../base/podinfo\n  - deployment.yaml\n  - github.yaml') },
    {
      name: 'pinned to a full commit',
      yaml: k('resources:\n  - https://github.com/o/r//deploy?ref=0123456789abcdef0123456789abcdef01234567'),
    },
    { name: 'odd entries', yaml: k('resources: [1, null, {a: b}]\nbases: x') },
    {
      name: 'Flux Kustomization',
      yaml: 'apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata: {name: k}\nresources: [github.com/o/r]\n',
    },
  ],
  invalid: [
    {
      name: 'remote targets',
      yaml: k(
        'resources:\n  - github.com/kubernetes-sigs/kustomize/examples/multibases?ref=main\n  - https://raw.githubusercontent.com/o/r/main/install.yaml\nbases:\n  - git@github.com:o/r.git//base?ref=v1.2.3\ncomponents:\n  - https://github.com/o/r//comp?ref=abc1234',
      ),
      errors: [
        { line: 4, severity: 'medium', message: 'at "main"' },
        { line: 5, severity: 'medium', message: 'no ?ref=' },
        { line: 7, severity: 'low', message: 'tag "v1.2.3"' },
        { line: 9, severity: 'low', message: 'short commit' },
      ],
    },
  ],
});
