import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliIo } from './run-cli.js';
import { isPolicyRulePath } from '../config/paths.js';
import { loadRepositoryPolicies, policyResources, readPolicyFiles } from './policies-loader.js';
import './commands.js';

async function cli(args: string[], cwd: string) {
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
  const dir = mkdtempSync(join(tmpdir(), 'gg-policy-'));
  mkdirSync(join(dir, '.git'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const customRule = `id: require-team-label
title: Workloads carry a team label
severity: high
match: {kinds: [ConfigMap]}
validations:
  - expression: has(object.metadata.labels) && 'team' in object.metadata.labels
    message: No team label.
`;

const kyverno = `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: {name: cm-policy}
spec:
  validationFailureAction: Enforce
  rules:
    - name: no-secrets-key
      match: {any: [{resources: {kinds: [ConfigMap]}}]}
      validate:
        message: ConfigMaps may not hold a password key.
        pattern:
          =(data):
            X(password): "null"
`;

const files = {
  '.github/gitops-guard/policies/team.yaml': customRule,
  'policies/kyverno.yaml': kyverno,
  'apps/cm.yaml':
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: cm, namespace: apps}\ndata:\n  password: x\n',
};

describe('policies in the CLI', () => {
  it('scan applies custom rules from the default folder and the repository Kyverno policies', async () => {
    const dir = repo(files);
    const { code, stdout } = await cli(['scan', dir, '--format', 'json'], dir);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as {
      findings: { ruleId: string; file: string; line: number; severity: string }[];
    };
    const ours = report.findings.filter(
      (f) => f.ruleId === 'require-team-label' || f.ruleId.startsWith('kyverno/'),
    );
    expect(ours.map((f) => `${f.ruleId} ${f.severity} ${f.file.slice(dir.length + 1)}:${f.line}`)).toEqual([
      'require-team-label high apps/cm.yaml:1',
      'kyverno/cm-policy/no-secrets-key high apps/cm.yaml:5',
    ]);
  });

  it('scan reports a broken custom rule file and still runs the rest', async () => {
    const dir = repo({
      ...files,
      '.github/gitops-guard/policies/broken.yaml':
        'id: broken\nvalidations:\n  - expression: "object.("\n    message: m\n',
    });
    const { stdout } = await cli(['scan', dir, '--format', 'json'], dir);
    const report = JSON.parse(stdout) as { findings: { ruleId: string; file: string; line: number }[] };
    expect(
      report.findings.filter((f) => f.ruleId === 'policy-error').map((f) => `${f.file}:${f.line}`),
    ).toEqual(['.github/gitops-guard/policies/broken.yaml:3']);
    expect(report.findings.some((f) => f.ruleId === 'require-team-label')).toBe(true);
  });

  it('rules --dir lists custom rules and repository policies beside the built-ins', async () => {
    const dir = repo(files);
    const { code, stdout } = await cli(['rules', '--dir', dir], process.cwd());
    expect(code).toBe(0);
    expect(stdout).toMatch(/^require-team-label +high +policy +Workloads carry a team label$/m);
    expect(stdout).toMatch(/^kyverno\/cm-policy\/no-secrets-key +high +policy/m);
    expect(stdout).toMatch(/^pss-privileged /m);
    const plain = await cli(['rules'], dir);
    expect(plain.stdout).not.toContain('require-team-label');
  });

  it('honours policies.paths and helps the diff command judge head with base policies', async () => {
    const dir = repo({ 'custom/rules/team.yml': customRule, 'policies/kyverno.yaml': kyverno });
    expect(readPolicyFiles(dir, ['custom/rules']).map((f) => f.path)).toEqual(['custom/rules/team.yml']);
    expect(isPolicyRulePath('custom/rules/team.yml', { policies: { paths: ['custom/rules'] } })).toBe(true);
    expect(isPolicyRulePath('apps/x.yaml', undefined)).toBe(false);
    const base = policyResources([{ path: 'policies/kyverno.yaml', content: kyverno }]);
    const compiled = await loadRepositoryPolicies(dir, { policies: { paths: ['custom/rules'] } }, base);
    expect(compiled.rules.map((r) => r.id).sort()).toEqual([
      'kyverno/cm-policy/no-secrets-key',
      'require-team-label',
    ]);
  });
});
