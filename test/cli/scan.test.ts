import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliIo } from '../../src/cli/run-cli.js';
import '../../src/cli/commands.js';

async function cli(args: string[], cwd = process.cwd()) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    cwd,
    isTTY: false,
    stderrIsTTY: false,
    today: '2026-06-01',
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'gg-scan-'));
  mkdirSync(join(dir, '.git'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const privilegedPod =
  'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: apps}\nspec:\n  containers:\n    - name: app\n      image: nginx\n      securityContext:\n        privileged: true\n';

describe('gitops-guard scan', () => {
  it('scans the bundled examples: text output, exit 1 on findings at or above high', async () => {
    const { code, stdout } = await cli(['scan', 'examples']);
    expect(code).toBe(1);
    expect(stdout).toContain('examples/clusters/prod/apps/legacy-exporter.yaml');
    expect(stdout).toMatch(/runs privileged/);
    expect(stdout).toMatch(/\d+ findings? .* in \d+ files/);
    expect(stdout).not.toContain('Xk3-fake-example-Qz9w7'); // the example Secret's value is never printed
  });

  it('JSON output has the documented shape', async () => {
    const dir = repo({ 'apps/pod.yaml': privilegedPod });
    const { code, stdout } = await cli(['scan', dir, '--format', 'json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    const finding = report.findings.find((f: { ruleId: string }) => f.ruleId === 'pss-privileged');
    expect(finding).toMatchObject({
      severity: 'critical',
      file: join(dir, 'apps/pod.yaml'),
      line: 9,
      column: 9,
      resource: { apiVersion: 'v1', kind: 'Pod', namespace: 'apps', name: 'p' },
      path: 'spec.containers[name=app].securityContext.privileged',
    });
    expect(finding.fingerprint).toMatch(/^[0-9a-f]{24}$/);
    expect(report.summary).toMatchObject({ files: 1, resources: 1, threshold: 'high' });
  });

  it('SARIF output is 2.1.0 with rules, help, regions and partial fingerprints', async () => {
    const dir = repo({ 'pod.yaml': privilegedPod });
    const { stdout } = await cli(['scan', dir, '--format', 'sarif']);
    const log = JSON.parse(stdout);
    expect(log.version).toBe('2.1.0');
    const run = log.runs[0];
    expect(run.tool.driver.name).toBe('gitops-guard');
    const rule = run.tool.driver.rules.find((r: { id: string }) => r.id === 'pss-privileged');
    expect(rule.help.text).toContain('Remediation');
    expect(rule.properties['security-severity']).toBe('9.5');
    const result = run.results.find((r: { ruleId: string }) => r.ruleId === 'pss-privileged');
    expect(run.tool.driver.rules[result.ruleIndex].id).toBe('pss-privileged');
    expect(result.locations[0].physicalLocation.region).toMatchObject({ startLine: 9, startColumn: 9 });
    expect(result.partialFingerprints['gitopsGuard/v1']).toMatch(/^[0-9a-f]{24}$/);
  });

  it('honours the threshold, the profile and the repository configuration', async () => {
    const dir = repo({
      'pod.yaml': privilegedPod,
      '.github/gitops-guard.yml': 'rules:\n  pss-privileged: off\nseverityThreshold: critical\n',
    });
    const off = await cli(['scan', dir, '--format', 'json']);
    expect(JSON.parse(off.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).not.toContain(
      'pss-privileged',
    );
    expect(off.code).toBe(0);
    const ignored = await cli(['scan', dir, '--format', 'json', '--no-config']);
    expect(JSON.parse(ignored.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).toContain(
      'pss-privileged',
    );
  });

  it('exit code 2 on usage and configuration errors, naming the key', async () => {
    expect((await cli(['scan', '--format', 'xml'])).code).toBe(2);
    expect((await cli(['scan', '/no/such/path'])).code).toBe(2);
    expect((await cli(['frobnicate'])).code).toBe(2);
    expect((await cli(['scan', '--pss-version', 'banana'])).code).toBe(2);
    const dir = repo({
      'pod.yaml': privilegedPod,
      '.github/gitops-guard.yml': 'rules:\n  no-such-rule: off\nseverityTreshold: low\n',
    });
    const bad = await cli(['scan', dir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('severityTreshold');
  });

  it('a broken file is a finding, and the rest is still scanned', async () => {
    const dir = repo({ 'a-broken.yaml': 'kind: [', 'b-pod.yaml': privilegedPod });
    const report = JSON.parse((await cli(['scan', dir, '--format', 'json'])).stdout);
    expect(report.findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(
      expect.arrayContaining(['manifest-parse-error', 'pss-privileged']),
    );
  });
});

describe('gitops-guard rules', () => {
  it('lists the catalogue with metadata as JSON', async () => {
    const { code, stdout } = await cli(['rules', '--format', 'json']);
    expect(code).toBe(0);
    const { rules } = JSON.parse(stdout);
    expect(rules.find((r: { id: string }) => r.id === 'pss-privileged')).toMatchObject({
      title: expect.any(String),
      severity: 'critical',
      references: { pss: ['baseline:privileged'] },
    });
    for (const r of rules)
      expect(Object.keys(r)).toEqual(
        expect.arrayContaining(['id', 'title', 'severity', 'description', 'remediation', 'references']),
      );
  });
});
