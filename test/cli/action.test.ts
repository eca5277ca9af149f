/** action.yml's script, run as the composite action runs it (the built CLI, GitHub's environment files). */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { commit, git, newRepo } from './git-repo.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(root, 'dist/bin/gitops-guard.js');
const pod = (privileged: boolean) =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: apps}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        privileged: ${privileged}\n`;

function runAction(dir: string, env: Record<string, string>) {
  const temp = mkdtempSync(join(tmpdir(), 'gg-action-'));
  const summary = join(temp, 'summary.md');
  const output = join(temp, 'output.txt');
  writeFileSync(summary, '');
  writeFileSync(output, '');
  const run = spawnSync('bash', [join(root, 'action/run.sh')], {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      GG_BIN: bin,
      RUNNER_TEMP: temp,
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_OUTPUT: output,
      GG_BASE: '',
      GG_THRESHOLD: '',
      GG_SARIF: 'false',
      ...env,
    },
  });
  const outputs = Object.fromEntries(
    readFileSync(output, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  return { status: run.status, stderr: run.stderr, summary: readFileSync(summary, 'utf8'), outputs };
}

describe('the GitHub Action', () => {
  it('needs the built CLI (npm run build)', () => expect(existsSync(bin)).toBe(true));

  it('diffs against the base: markdown in the job summary, exit-code 1 on an introduced finding, SARIF of a scan when asked', () => {
    const dir = newRepo({ 'apps/p.yaml': pod(false) });
    const base = git(dir, 'rev-parse', 'HEAD').trim();
    commit(dir, { 'apps/p.yaml': pod(true) });
    const { status, summary, outputs } = runAction(dir, { GG_BASE: base, GG_SARIF: 'true' });
    expect(status).toBe(0); // the Verdict step fails the job, after the upload
    expect(outputs['exit-code']).toBe('1');
    expect(summary).toMatch(/pss-privileged/);
    expect(summary).toMatch(/introduced/i);
    const sarif = JSON.parse(readFileSync(outputs.sarif!, 'utf8')) as {
      runs: { results: { ruleId: string }[] }[];
    };
    expect(sarif.runs[0]!.results.map((r) => r.ruleId)).toContain('pss-privileged');
  });

  it('passes when the change introduces nothing (existing debt does not fail) and uploads no SARIF unless asked', () => {
    const dir = newRepo({ 'apps/p.yaml': pod(true) });
    const base = git(dir, 'rev-parse', 'HEAD').trim();
    commit(dir, {
      'apps/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: apps}\ndata: {a: b}\n',
    });
    const { outputs } = runAction(dir, { GG_BASE: base });
    expect(outputs).toMatchObject({ 'exit-code': '0', sarif: '' });
  });

  it('an unknown base is exit-code 2 with an error annotation, never a pass', () => {
    const dir = newRepo({ 'apps/p.yaml': pod(false) });
    const { outputs } = runAction(dir, { GG_BASE: '0123456789abcdef0123456789abcdef01234567' });
    expect(outputs['exit-code']).toBe('2');
  });

  it('action.yml runs the script, uploads with one category and fails the job in a last step', () => {
    const action = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as {
      runs: {
        using: string;
        steps: { uses?: string; run?: string; with?: Record<string, string>; if?: string }[];
      };
    };
    expect(action.runs.using).toBe('composite');
    const steps = action.runs.steps;
    expect(steps.some((s) => s.run?.includes('action/run.sh'))).toBe(true);
    expect(steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'))?.with?.category).toBe(
      'gitops-guard',
    );
    expect(steps.at(-1)!.run).toMatch(/exit "\$\{\{ steps\.run\.outputs\.exit-code/);
  });
});
