import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliIo } from '../../src/cli/run-cli.js';
import '../../src/cli/commands.js';

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

function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@example.com',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@example.com',
      GIT_CONFIG_NOSYSTEM: '1',
      HOME: dir,
    },
  });
}

function write(dir: string, files: Record<string, string | null>): void {
  for (const [name, text] of Object.entries(files)) {
    if (text === null) rmSync(join(dir, name));
    else {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
  }
}

function commit(dir: string, files: Record<string, string | null>, message = 'change'): string {
  write(dir, files);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--no-gpg-sign', '-m', message);
  return git(dir, 'rev-parse', 'HEAD').trim();
}

function newRepo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'gg-diff-'));
  git(dir, 'init', '-q', '-b', 'main');
  commit(dir, files, 'base');
  return dir;
}

const pod = (privileged: boolean, name = 'p') =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: apps}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        privileged: ${privileged}\n`;

describe('gitops-guard diff', () => {
  it('needs --base and a git work tree', async () => {
    expect((await cli(['diff'], tmpdir())).code).toBe(2);
    const outside = mkdtempSync(join(tmpdir(), 'gg-nogit-'));
    const { code, stderr } = await cli(['diff', '--base', 'HEAD'], outside);
    expect(code).toBe(2);
    expect(stderr).toMatch(/not inside a git work tree/);
  });

  it('fails on an introduced finding in the work tree (uncommitted), not on existing ones', async () => {
    const dir = newRepo({ 'apps/old.yaml': pod(true, 'old'), 'apps/p.yaml': pod(false) });
    expect((await cli(['diff', '--base', 'HEAD'], dir)).code).toBe(0); // nothing changed: existing debt does not fail
    write(dir, { 'apps/p.yaml': pod(true) });
    const { code, stdout } = await cli(['diff', '--base', 'HEAD'], dir);
    expect(code).toBe(1);
    expect(stdout).toMatch(/apps\/p\.yaml\n\s+9:9 .*\[introduced\].*runs privileged/);
    expect(stdout).toMatch(/1 introduced, 0 fixed/);
  });

  it('--fail-on existing counts existing findings too', async () => {
    const dir = newRepo({ 'apps/p.yaml': pod(true) });
    write(dir, { 'apps/p.yaml': `# a comment\n${pod(true)}` });
    expect((await cli(['diff', '--base', 'HEAD'], dir)).code).toBe(0);
    expect((await cli(['diff', '--base', 'HEAD', '--fail-on', 'existing'], dir)).code).toBe(1);
  });

  it('compares two commits; JSON has status on findings and a resources list', async () => {
    const dir = newRepo({ 'apps/p.yaml': pod(true), 'apps/q.yaml': pod(false, 'q') });
    const base = git(dir, 'rev-parse', 'HEAD').trim();
    // move p to another file (fixed nothing), fix nothing, break q, delete nothing
    commit(dir, { 'apps/p.yaml': null, 'apps/moved/p.yaml': pod(true), 'apps/q.yaml': pod(true, 'q') });
    write(dir, { 'apps/q.yaml': pod(false, 'q') }); // the work tree is ignored when --head is given
    const { code, stdout } = await cli(['diff', '--base', base, '--head', 'HEAD', '--format', 'json'], dir);
    expect(code).toBe(1);
    const json = JSON.parse(stdout) as {
      findings: Array<{ status: string; file: string; ruleId: string }>;
      resources: Array<{ change: string; file: string }>;
    };
    const privileged = json.findings
      .filter((f) => f.ruleId === 'pss-privileged')
      .map((f) => `${f.status} ${f.file}`)
      .sort();
    expect(privileged).toEqual(['existing apps/moved/p.yaml', 'introduced apps/q.yaml']);
    expect(json.resources).toEqual([expect.objectContaining({ change: 'modified', file: 'apps/q.yaml' })]);
  });

  it('reports risky deltas: a removed NetworkPolicy', async () => {
    const netpol =
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny-all, namespace: apps}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n';
    const dir = newRepo({ 'apps/netpol.yaml': netpol });
    write(dir, { 'apps/netpol.yaml': null });
    const { code, stdout } = await cli(
      ['diff', '--base', 'HEAD', '--format', 'markdown', '--severity-threshold', 'medium'],
      dir,
    );
    expect(code).toBe(1);
    expect(stdout).toContain('delta-networkpolicy-removed');
    expect(stdout).toContain('### Risky changes');
  });

  it('reads the configuration from base: a change cannot switch off its own checks', async () => {
    const dir = newRepo({ 'apps/p.yaml': pod(false) });
    write(dir, {
      '.github/gitops-guard.yml': 'rules:\n  pss-privileged: off\n',
      'apps/p.yaml': pod(true),
    });
    const { code, stdout } = await cli(['diff', '--base', 'HEAD'], dir);
    expect(code).toBe(1);
    expect(stdout).toContain('runs privileged');
    // Once the configuration is on base, it applies.
    commit(dir, {});
    write(dir, { 'apps/p.yaml': pod(true, 'p2') });
    const after = await cli(['diff', '--base', 'HEAD'], dir);
    expect(after.stdout).not.toContain('runs privileged');
    expect(after.code).toBe(0);
  });

  it('uses the merge base of --base and head, like a pull request', async () => {
    const dir = newRepo({ 'apps/p.yaml': pod(false) });
    git(dir, 'checkout', '-q', '-b', 'feature');
    commit(dir, { 'apps/q.yaml': pod(false, 'q') });
    git(dir, 'checkout', '-q', 'main');
    commit(dir, { 'apps/p.yaml': pod(true) }); // main moves on, with a violation of its own
    git(dir, 'checkout', '-q', 'feature');
    const { stdout } = await cli(['diff', '--base', 'main', '--format', 'json'], dir);
    const json = JSON.parse(stdout) as {
      findings: Array<{ status: string; file: string }>;
      resources: Array<{ change: string; file: string }>;
    };
    expect(json.findings.filter((f) => f.file !== 'apps/q.yaml')).toEqual([]); // main's own change is not part of the feature branch
    expect(json.resources.map((r) => `${r.change} ${r.file}`)).toEqual(['added apps/q.yaml']);
  });

  it('rejects an unknown ref with a usage error', async () => {
    const dir = newRepo({ 'apps/p.yaml': pod(false) });
    const { code, stderr } = await cli(['diff', '--base', 'no-such-branch'], dir);
    expect(code).toBe(2);
    expect(stderr).toContain('unknown git revision "no-such-branch"');
  });
});
