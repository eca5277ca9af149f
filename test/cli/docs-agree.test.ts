/** Regression tests for places where the CLI and the documentation disagreed (found by trying the docs as a new user). */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, newRepo, parseJson, write } from './git-repo.js';

const daemonSet = (extra = '') =>
  `apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: node-exporter, namespace: monitoring}\nspec:\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec:\n${extra}      containers:\n        - name: x\n          image: nginx:1.27\n`;

describe('the CLI does what the docs say', () => {
  it('diff reads the base configuration as YAML 1.2, like scan: `review.comments: on` (docs/configuration.md) is valid', async () => {
    const config =
      'review:\n  comments: on\n  drafts: false\nexceptions:\n  - rule: pss-host-namespaces\n    reason: needs the host network.\n    expires: 2099-03-31\n';
    const dir = newRepo({ '.github/gitops-guard.yml': config, 'ds.yaml': daemonSet() });
    expect((await cli(['scan', dir, '--format', 'json'], dir)).stderr).toBe('');
    write(dir, { 'ds.yaml': daemonSet('      hostNetwork: true\n') });
    const { code, stdout, stderr } = await cli(['diff', '--base', 'HEAD', '--format', 'json'], dir);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { findings: { ruleId: string }[]; summary: { suppressed: number } };
    expect(report.findings.map((f) => f.ruleId)).not.toContain('pss-host-namespaces');
    expect(report.summary.suppressed).toBe(1); // the exception applies
  });

  it('every command answers --help with its options (rules used to reject --help)', async () => {
    for (const command of ['scan', 'diff', 'rules', 'codeowners']) {
      const { code, stdout, stderr } = await cli([command, '--help'], tmpdir());
      expect({ command, code, stderr }).toEqual({ command, code: 0, stderr: '' });
      expect(stdout).toContain('--format');
    }
    const usage = await cli(['rules', '--format', 'xml'], tmpdir());
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Run `gitops-guard rules --help` for usage.');
    const rules = await cli(['rules', '-h'], tmpdir());
    expect(rules.stdout).toMatch(/--dir DIR/);
    expect(rules.stdout).toMatch(/text\|json\|markdown/);
  });

  it('the top-level help lists the options of rules and codeowners that the README documents', async () => {
    const { stdout } = await cli(['--help'], tmpdir());
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const usage of [
      'gitops-guard rules [ID...] [--format text|json|markdown] [--dir DIR]',
      'gitops-guard codeowners [--dir DIR] [--format text|json] PATH...',
    ]) {
      expect(stdout).toContain(usage);
      expect(readme).toContain(usage);
    }
    for (const option of [
      '--format',
      '--profile',
      '--pss-version',
      '--severity-threshold',
      '--config',
      '--no-config',
    ])
      expect(stdout).toContain(option);
  });

  it('one configuration serves scan and diff: risky-change rules under `rules` (docs/diff.md) are accepted by scan, applied by diff, and validated', async () => {
    const netpol =
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny-all, namespace: apps}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n';
    const dir = newRepo({
      '.github/gitops-guard.yml':
        'rules:\n  delta-networkpolicy-removed: high\n  delta-image-digest-dropped: off\n',
      'netpol.yaml': netpol,
    });
    const scan = await cli(['scan', dir], dir);
    expect(scan.stderr).toBe('');
    expect(scan.code).toBe(0);
    write(dir, { 'netpol.yaml': null });
    const diff = await cli(['diff', '--base', 'HEAD', '--format', 'json'], dir);
    expect(diff.code).toBe(1); // high, at the default threshold
    expect(parseJson(diff.stdout).findings.map((f) => [f.ruleId, f.severity, f.status])).toEqual([
      ['delta-networkpolicy-removed', 'high', 'introduced'],
    ]);
    // --config FILE carries delta settings too
    write(dir, { 'other.yml': 'rules:\n  delta-networkpolicy-removed: off\n' });
    expect((await cli(['diff', '--base', 'HEAD', '--config', join(dir, 'other.yml')], dir)).code).toBe(0);
    // a typo is an error naming the key, in scan and in diff
    write(dir, { 'bad.yml': 'rules:\n  delta-networkpolicy-removed: hgih\n' });
    for (const command of [
      ['scan', dir],
      ['diff', '--base', 'HEAD'],
    ]) {
      const bad = await cli([...command, '--config', join(dir, 'bad.yml')], dir);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('rules.delta-networkpolicy-removed');
    }
  });

  it('accepts `_extends` (docs/github-app.md, README), which only the GitHub App follows, and says so', async () => {
    const dir = newRepo({
      '.github/gitops-guard.yml': '_extends: .github\nseverityThreshold: critical\n',
      'p.yaml': daemonSet('      hostNetwork: true\n'),
    });
    const { code, stderr } = await cli(['scan', dir], dir);
    expect(code).toBe(0); // the file's own severityThreshold applies
    expect(stderr).toMatch(/_extends: \.github.*the CLI uses this file alone/);
  });

  it('diff --config FILE: an expired exception of that file is reported on that file', async () => {
    const dir = newRepo({ 'ds.yaml': daemonSet() });
    write(dir, {
      'ci/guard.yml': 'exceptions:\n  - rule: pss-*\n    reason: old\n    expires: 2020-01-01\n',
      'ds.yaml': daemonSet('      hostNetwork: true\n'),
    });
    const { stdout } = await cli(
      ['diff', '--base', 'HEAD', '--config', join(dir, 'ci/guard.yml'), '--format', 'json'],
      join(dir, 'ci'),
    );
    const expired = parseJson(stdout).findings.filter((f) => f.ruleId === 'exception-expired');
    expect(expired.map((f) => f.file)).toEqual(['guard.yml']); // relative to where the user stands, like every path
  });
});
