/** Seeing what matters (issue 16): display level, remediation and rule pages, `rules <id>`, --output. */
import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, newRepo, write } from './git-repo.js';

// A Deployment with one high finding (privileged) and several low/medium ones.
const deployment = (privileged: boolean) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web, namespace: apps}\nspec:\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec:\n      containers:\n        - name: app\n          image: nginx:1.27\n          securityContext: {privileged: ${privileged}}\n`;

describe('--min-severity', () => {
  it('text lists medium and above by default, and one closing line counts the rest and says how to show them', async () => {
    const dir = newRepo({ 'd.yaml': deployment(true) });
    const all = JSON.parse((await cli(['scan', dir, '--format', 'json'], dir)).stdout) as {
      findings: { severity: string }[];
    };
    const below = all.findings.filter((f) => f.severity === 'low' || f.severity === 'info').length;
    expect(below).toBeGreaterThan(0);
    const { code, stdout } = await cli(['scan', dir], dir);
    expect(code).toBe(1); // the exit threshold is unchanged
    expect(stdout).not.toMatch(/^\s+\d+:\d+\s+(low|info)\s/m);
    const closing = stdout.trim().split('\n').at(-1)!;
    expect(closing).toMatch(
      new RegExp(
        `^${below} findings? below medium not shown \\(.*\\): show them with --min-severity (low|info)\\.$`,
      ),
    );
    const everything = await cli(['scan', dir, '--min-severity', 'info'], dir);
    expect(everything.stdout).toMatch(/^\s+\d+:\d+\s+low\s/m);
    expect(everything.stdout).not.toMatch(/not shown/);
  });

  it('never hides what fails the gate: with --severity-threshold low, low findings are listed', async () => {
    const dir = newRepo({ 'd.yaml': deployment(false) });
    const { stdout } = await cli(['scan', dir, '--severity-threshold', 'low'], dir);
    expect(stdout).toMatch(/^\s+\d+:\d+\s+low\s/m);
  });

  it('JSON lists everything by default; with --min-severity, summary.hidden counts the rest', async () => {
    const dir = newRepo({ 'd.yaml': deployment(true) });
    const all = JSON.parse((await cli(['scan', dir, '--format', 'json'], dir)).stdout) as {
      findings: { severity: string }[];
      summary: Record<string, unknown>;
    };
    expect(all.findings.some((f) => f.severity === 'low')).toBe(true);
    expect(all.summary.hidden).toBeUndefined();
    const high = JSON.parse(
      (await cli(['scan', dir, '--format', 'json', '--min-severity', 'high'], dir)).stdout,
    ) as typeof all;
    expect(high.findings.every((f) => f.severity === 'high' || f.severity === 'critical')).toBe(true);
    expect(high.summary.hidden).toBe(all.findings.length - high.findings.length);
    expect((await cli(['scan', dir, '--min-severity', 'loud'], dir)).code).toBe(2);
  });

  it('diff applies it too', async () => {
    const dir = newRepo({ 'x.yaml': 'a: 1\n' });
    write(dir, { 'd.yaml': deployment(true) });
    const { stdout } = await cli(['diff', '--base', 'HEAD'], dir);
    expect(stdout).toMatch(/below medium not shown/);
  });
});

describe('each finding says how to fix it', () => {
  it('text: one fix line with the remediation and the rule page; JSON: remediation and helpUri', async () => {
    const dir = newRepo({ 'd.yaml': deployment(true) });
    const text = (await cli(['scan', dir], dir)).stdout;
    expect(text).toMatch(
      /pss-privileged.*\n\s+fix: .+ https:\/\/github\.com\/gitops-guard\/gitops-guard\/blob\/main\/docs\/rules\/pss-privileged\.md\n/,
    );
    const json = JSON.parse((await cli(['scan', dir, '--format', 'json'], dir)).stdout) as {
      findings: { ruleId: string; remediation?: string; helpUri?: string }[];
    };
    for (const f of json.findings) {
      expect(f.remediation).toMatch(/^[^\n]+$/);
      expect(f.helpUri).toBe(
        `https://github.com/gitops-guard/gitops-guard/blob/main/docs/rules/${f.ruleId}.md`,
      );
      expect(existsSync(new URL(`../../docs/rules/${f.ruleId}.md`, import.meta.url))).toBe(true);
    }
  });
});

describe('gitops-guard rules', () => {
  it('`rules <id>` shows one rule in full; an unknown id is a usage error with a suggestion', async () => {
    const one = await cli(['rules', 'codeowners-uncovered-file'], tmpdir());
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/^codeowners-uncovered-file: /);
    expect(one.stdout).toMatch(/\nFix: /);
    expect(one.stdout).toContain('docs/rules/codeowners-uncovered-file.md');
    expect(one.stdout).not.toMatch(/pss-privileged/);
    const json = JSON.parse((await cli(['rules', 'policy-error', '--format', 'json'], tmpdir())).stdout) as {
      rules: { id: string }[];
    };
    expect(json.rules.map((r) => r.id)).toEqual(['policy-error']);
    const bad = await cli(['rules', 'pss-priv'], tmpdir());
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/did you mean pss-privileged/);
  });

  it("`rules` lists the repository checks and the policies' own findings", async () => {
    const { stdout } = await cli(['rules'], tmpdir());
    for (const id of [
      'codeowners-missing',
      'commit-signature-unsigned',
      'branch-protection-require-pull-request',
      'push-direct',
      'policy-error',
      'policy-not-evaluated',
      'non-manifest-parse-error',
    ])
      expect(stdout).toMatch(new RegExp(`^${id} `, 'm'));
  });
});

describe('--output FILE', () => {
  it('writes the report to the file; the summary still goes to the terminal', async () => {
    const dir = newRepo({ 'd.yaml': deployment(true) });
    const file = join(mkdtempSync(join(tmpdir(), 'gg-out-')), 'report.json');
    const { code, stdout } = await cli(['scan', dir, '--format', 'json', '--output', file], dir);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^\d+ findings .*at or above high.*\nReport written to .*report\.json\.\n$/);
    expect(JSON.parse(readFileSync(file, 'utf8')).findings.length).toBeGreaterThan(0);
    const sarif = join(dir, 'out.sarif');
    write(dir, { 'd.yaml': deployment(false) });
    const diff = await cli(['diff', '--base', 'HEAD', '--format', 'sarif', '-o', sarif], dir);
    expect(diff.stdout).toMatch(/^diff: 0 introduced, 1 fixed/);
    expect(JSON.parse(readFileSync(sarif, 'utf8')).version).toBe('2.1.0');
    expect((await cli(['scan', dir, '--output', join(dir, 'no/such/folder/x.txt')], dir)).code).toBe(2);
  });
});
