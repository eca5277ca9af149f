import { describe, expect, it } from '@jest/globals';
import { loadManifestFile } from '../manifests/index.js';
import { applyFix } from '../../test/helpers/rule-tester.js';
import { defineRule } from './define-rule.js';
import { DEFAULT_SCAN_OPTIONS } from './options.js';
import { runRules } from './run-rules.js';
import { scanFiles } from './scan.js';
import type { ActiveRule, Rule } from './types.js';

const pod = (annotations = '') => `apiVersion: v1
kind: Pod
metadata:
  name: p
  namespace: team${annotations}
spec:
  containers:
    - name: app # the app
      image: nginx
      securityContext:
        privileged: true
`;

const flagPrivileged = defineRule({
  id: 'test-privileged',
  title: 'test rule',
  severity: 'high',
  category: 'pod-security',
  description: 'A rule for engine tests.',
  remediation: 'Do not.',
  references: {},
  match: (resource) => resource.kind === 'Pod',
  check(_resource, context) {
    context.report({
      path: ['spec', 'containers', 0, 'securityContext', 'privileged'],
      message: 'privileged',
      fix: {
        kind: 'replace-value',
        description: 'off',
        path: ['spec', 'containers', 0, 'securityContext', 'privileged'],
        value: 'false',
      },
    });
    context.report({
      path: ['spec', 'containers', 0, 'securityContext', 'allowPrivilegeEscalation'],
      message: 'missing allowPrivilegeEscalation',
      missing: true,
      key: 'ape',
      fix: {
        kind: 'add-field',
        description: 'add',
        parentPath: ['spec', 'containers', 0, 'securityContext'],
        key: 'allowPrivilegeEscalation',
        value: false,
      },
    });
  },
});

const active = (rule: Rule<unknown>): ActiveRule => ({ rule, severity: rule.severity, params: {} });

describe('runRules', () => {
  it('places findings on exact lines, with stable fingerprints and fixes that keep the file', () => {
    const text = pod();
    const { resources } = loadManifestFile('p.yaml', text);
    const findings = runRules(resources, [active(flagPrivileged as Rule<unknown>)], DEFAULT_SCAN_OPTIONS);
    expect(findings.map((f) => [f.line, f.column, f.path])).toEqual([
      [11, 9, 'spec.containers[name=app].securityContext.privileged'],
      [10, 7, 'spec.containers[name=app].securityContext.allowPrivilegeEscalation'],
    ]);
    expect(applyFix(text, findings[0]!.fix!)).toContain('        privileged: false\n');
    const added = applyFix(text, findings[1]!.fix!);
    expect(added).toContain('        allowPrivilegeEscalation: false\n        privileged: true\n');
    expect(added).toContain('- name: app # the app');
    // Shifting lines does not change fingerprints.
    const shifted = runRules(
      loadManifestFile('moved.yaml', `# moved\n\n${text}`).resources,
      [active(flagPrivileged as Rule<unknown>)],
      DEFAULT_SCAN_OPTIONS,
    );
    expect(shifted.map((f) => f.fingerprint)).toEqual(findings.map((f) => f.fingerprint));
    expect(shifted[0]!.line).toBe(13);
  });

  it('reports a throwing rule as rule-error instead of passing', () => {
    const broken = defineRule({
      ...flagPrivileged,
      id: 'test-broken',
      check() {
        throw new TypeError('boom');
      },
    });
    const findings = runRules(
      loadManifestFile('p.yaml', pod()).resources,
      [active(broken as Rule<unknown>)],
      DEFAULT_SCAN_OPTIONS,
    );
    expect(findings).toMatchObject([{ ruleId: 'rule-error', severity: 'high', line: 1 }]);
    expect(findings[0]!.message).toContain('test-broken');
  });

  it('suppresses by annotation only with a reason', () => {
    const withReason = pod(
      '\n  annotations:\n    gitops-guard.io/ignore: test-privileged, other\n    gitops-guard.io/ignore-reason: legacy node agent',
    );
    const suppressed = runRules(
      loadManifestFile('p.yaml', withReason).resources,
      [active(flagPrivileged as Rule<unknown>)],
      DEFAULT_SCAN_OPTIONS,
    );
    expect(suppressed.every((f) => f.suppressed?.reason === 'legacy node agent')).toBe(true);

    const noReason = pod('\n  annotations:\n    gitops-guard.io/ignore: test-privileged');
    const findings = runRules(
      loadManifestFile('p.yaml', noReason).resources,
      [active(flagPrivileged as Rule<unknown>)],
      DEFAULT_SCAN_OPTIONS,
    );
    expect(findings.map((f) => [f.ruleId, f.line, Boolean(f.suppressed)])).toEqual([
      ['suppression-missing-reason', 7, false],
      ['test-privileged', 13, false],
      ['test-privileged', 12, false],
    ]);
  });

  it('does not report missing fields in Kustomize patches', () => {
    const files = [
      {
        path: 'overlay/kustomization.yaml',
        content:
          'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\npatches:\n  - path: patch.yaml\n',
      },
      { path: 'overlay/patch.yaml', content: pod() },
    ];
    const result = scanFiles({
      files,
      rules: [active(flagPrivileged as Rule<unknown>)],
      options: DEFAULT_SCAN_OPTIONS,
    });
    expect(result.findings.map((f) => f.message)).toEqual(['privileged']);
  });

  it('applies exceptions by rule, resource and path; expired ones stop applying and say so', () => {
    const files = [{ path: 'apps/p.yaml', content: pod() }];
    const rules = [active(flagPrivileged as Rule<unknown>)];
    const run = (exceptions: Parameters<typeof scanFiles>[0]['exceptions']) =>
      scanFiles({ files, rules, options: DEFAULT_SCAN_OPTIONS, exceptions, today: '2026-06-01' }).findings;
    expect(
      run([
        {
          rule: 'test-*',
          resource: { kind: 'Pod', namespace: 'team', name: 'p' },
          reason: 'ok',
          expires: '2026-12-31',
        },
      ]).every((f) => f.suppressed?.by === 'exception'),
    ).toBe(true);
    expect(run([{ rule: 'test-privileged', path: 'other/**', reason: 'ok' }]).some((f) => f.suppressed)).toBe(
      false,
    );
    const expired = run([{ rule: 'test-privileged', reason: 'temporary', expires: '2026-01-01' }]);
    expect(expired.filter((f) => f.suppressed)).toEqual([]);
    expect(expired.find((f) => f.ruleId === 'exception-expired')!.message).toContain('expired on 2026-01-01');
  });
});
