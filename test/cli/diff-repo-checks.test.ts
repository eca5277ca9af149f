import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, commit, git, newRepo, parseJson, write } from './git-repo.js';

const CONFIG = '.github/gitops-guard.yml';
const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: apps}\ndata: {a: b}\n';

const repoFindings = (stdout: string) =>
  parseJson(stdout)
    .findings.filter((f) => /^(commit-signature|codeowners)/.test(f.ruleId))
    .map((f) => `${f.status} ${f.ruleId} ${f.severity} ${f.file}`)
    .sort();

const check = (stdout: string, name: string) =>
  parseJson(stdout).repositoryChecks?.find((r) => r.check === name);

function hasSshKeygen(): boolean {
  try {
    execFileSync('ssh-keygen', ['-?'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    return (
      (error as { status?: number }).status !== undefined && (error as { code?: string }).code !== 'ENOENT'
    );
  }
}

describe('gitops-guard diff: local repository checks', () => {
  it('runs only when the base configuration has a repository section (or --repo-checks), and --no-repo-checks skips them', async () => {
    const dir = newRepo({ 'apps/c.yaml': configMap });
    const base = git(dir, 'rev-parse', 'HEAD').trim();
    commit(dir, { 'apps/d.yaml': configMap.replace('name: c', 'name: d') });
    const plain = await cli(['diff', '--base', base, '--head', 'HEAD', '--format', 'json'], dir);
    expect(plain.code).toBe(0);
    expect(parseJson(plain.stdout).repositoryChecks).toBeUndefined();

    const forced = await cli(
      ['diff', '--base', base, '--head', 'HEAD', '--format', 'json', '--repo-checks'],
      dir,
    );
    expect(repoFindings(forced.stdout)).toEqual([
      'introduced codeowners-missing high ',
      'introduced commit-signature-unsigned high ',
    ]);
    expect(forced.code).toBe(1);

    commit(dir, { [CONFIG]: 'repository: {}\n' });
    commit(dir, { 'apps/e.yaml': configMap.replace('name: c', 'name: e') });
    const configured = await cli(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json'], dir);
    expect(repoFindings(configured.stdout)).toEqual([
      'introduced codeowners-missing high ',
      'introduced commit-signature-unsigned high ',
    ]);
    const skipped = await cli(
      ['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json', '--no-repo-checks'],
      dir,
    );
    expect(parseJson(skipped.stdout).repositoryChecks).toBeUndefined();
    expect(skipped.code).toBe(0);
  });

  it('reports every unsigned commit of merge-base..head, and branch protection as not available', async () => {
    const dir = newRepo({
      [CONFIG]: 'repository:\n  codeowners: {enabled: false}\n',
      'apps/c.yaml': configMap,
    });
    git(dir, 'checkout', '-q', '-b', 'feature');
    const first = commit(dir, { 'apps/d.yaml': configMap.replace('name: c', 'name: d') }, 'first change');
    const second = commit(dir, { 'notes.txt': 'x' }, 'second change');
    git(dir, 'checkout', '-q', 'main');
    commit(dir, { 'other.txt': 'landed on main since' }, 'on main'); // not part of the change (merge base)
    git(dir, 'checkout', '-q', 'feature');

    const { code, stdout } = await cli(
      ['diff', '--base', 'main', '--head', 'feature', '--format', 'json'],
      dir,
    );
    expect(code).toBe(1);
    const unsigned = parseJson(stdout).findings.filter((f) => f.ruleId === 'commit-signature-unsigned');
    expect(unsigned.map((f) => f.message).sort()).toEqual(
      [
        `Commit ${first.slice(0, 7)} by t ("first change") is not signed.`,
        `Commit ${second.slice(0, 7)} by t ("second change") is not signed.`,
      ].sort(),
    );
    expect(unsigned.every((f) => f.status === 'introduced' && f.file === '')).toBe(true);
    expect(check(stdout, 'commit-signatures')).toMatchObject({
      outcome: 'fail',
      summary: '2 of 2 commits not signed or not verified.',
    });
    expect(check(stdout, 'branch-protection')).toMatchObject({ outcome: 'not_available' });
    expect(check(stdout, 'codeowners')).toMatchObject({
      outcome: 'not_applicable',
      summary: 'Turned off in the configuration.',
    });

    const text = await cli(['diff', '--base', 'main', '--head', 'feature'], dir);
    expect(text.stdout).toMatch(
      /\(repository\)\n\s+1:1\s+high\s+\[introduced\] Commit [0-9a-f]{7} by t \("second change"\) is not signed\. commit-signature-unsigned/,
    );
    expect(text.stdout).toMatch(/repository checks:\n {2}Commit signatures: FAIL\. 2 of 2 commits/);
    expect(text.stdout).toMatch(/Branch protection: not available\./);

    const markdown = await cli(['diff', '--base', 'main', '--head', 'feature', '--format', 'markdown'], dir);
    expect(markdown.stdout).toMatch(/## Repository checks/);
    expect(markdown.stdout).toMatch(/\| Commit signatures \| ❌ fail \|/);

    // Repository-level findings have no file: SARIF leaves them out.
    const sarif = await cli(['diff', '--base', 'main', '--head', 'feature', '--format', 'sarif'], dir);
    expect(sarif.stdout).not.toMatch(/commit-signature-unsigned/);
  });

  it('the work tree has no commits of its own; signatures can be turned off; severity is configurable', async () => {
    const dir = newRepo({
      [CONFIG]:
        'repository:\n  codeowners: {enabled: false}\n  branchProtection: {enabled: false}\n  signatures: {severity: low}\n',
    });
    write(dir, { 'apps/c.yaml': configMap });
    const worktree = await cli(['diff', '--base', 'HEAD', '--format', 'json'], dir);
    expect(check(worktree.stdout, 'commit-signatures')).toMatchObject({
      outcome: 'not_applicable',
      summary: expect.stringMatching(/work tree/),
    });
    expect(check(worktree.stdout, 'branch-protection')).toMatchObject({ outcome: 'not_applicable' });

    commit(dir, {});
    const low = await cli(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json'], dir);
    expect(repoFindings(low.stdout)).toEqual(['introduced commit-signature-unsigned low ']);
    expect(low.code).toBe(0); // below the default threshold (high)

    commit(dir, {
      [CONFIG]: 'repository:\n  signatures: {enabled: false}\n  codeowners: {enabled: false}\n',
    });
    commit(dir, { 'apps/d.yaml': configMap.replace('name: c', 'name: d') });
    const off = await cli(['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json'], dir);
    expect(repoFindings(off.stdout)).toEqual([]);
    expect(check(off.stdout, 'commit-signatures')).toMatchObject({
      outcome: 'not_applicable',
      summary: 'Turned off in the configuration.',
    });
  });

  it('accepts unsigned commits of allowed bots (author and committer from their no-reply addresses)', async () => {
    const dir = newRepo({
      [CONFIG]:
        'repository:\n  codeowners: {enabled: false}\n  signatures:\n    allowedBots: ["renovate[bot]"]\n',
    });
    write(dir, { 'apps/c.yaml': configMap });
    git(dir, 'add', '-A');
    const bot = { name: 'renovate[bot]', email: '29139614+renovate[bot]@users.noreply.github.com' };
    execFileSync('git', ['commit', '-q', '--no-gpg-sign', '-m', 'chore(deps): update'], {
      cwd: dir,
      env: {
        ...process.env,
        HOME: dir,
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_AUTHOR_NAME: bot.name,
        GIT_AUTHOR_EMAIL: bot.email,
        GIT_COMMITTER_NAME: bot.name,
        GIT_COMMITTER_EMAIL: bot.email,
      },
    });
    const { code, stdout } = await cli(
      ['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json'],
      dir,
    );
    expect(repoFindings(stdout)).toEqual([]);
    expect(code).toBe(0);
    expect(check(stdout, 'commit-signatures')!.items[0]).toMatchObject({
      outcome: 'pass',
      message: expect.stringMatching(/accepted because the bot is allowed/),
    });
  });

  it('checks CODEOWNERS coverage of every changed file with the CODEOWNERS of the base commit and the sensitive paths', async () => {
    const dir = newRepo({
      [CONFIG]:
        'repository:\n  signatures: {enabled: false}\n  codeowners:\n    sensitivePaths:\n      - {pattern: "clusters/prod/**", owners: ["@org/security"]}\n',
      '.github/CODEOWNERS': '/apps/ @org/apps\n/clusters/ @org/platform\n',
      'apps/c.yaml': configMap,
    });
    // The change also gives itself owners in CODEOWNERS: base's file decides.
    write(dir, {
      '.github/CODEOWNERS': '* @me\n',
      'apps/c.yaml': configMap.replace('a: b', 'a: c'),
      'clusters/prod/app.yaml': configMap,
      'README.md': '# hello\n',
    });
    const { code, stdout } = await cli(['diff', '--base', 'HEAD', '--format', 'json'], dir);
    expect(repoFindings(stdout)).toEqual([
      'introduced codeowners-changed medium .github/CODEOWNERS',
      'introduced codeowners-sensitive-path high clusters/prod/app.yaml',
      'introduced codeowners-uncovered-file high .github/CODEOWNERS',
      'introduced codeowners-uncovered-file high README.md',
    ]);
    expect(code).toBe(1);
    const changed = parseJson(stdout).findings.find((f) => f.ruleId === 'codeowners-changed')!;
    expect(changed.message).toMatch(/clusters\/prod\/\*\*: .* from @org\/platform to @me/);
    const sensitive = parseJson(stdout).findings.find((f) => f.ruleId === 'codeowners-sensitive-path')!;
    expect(sensitive.message).toMatch(
      /must be owned by @org\/security, but \.github\/CODEOWNERS line 2 gives it @org\/platform/,
    );
    expect(check(stdout, 'codeowners')!.outcome).toBe('fail');
  });

  it('reports syntax errors of the base CODEOWNERS as existing', async () => {
    const dir = newRepo({
      [CONFIG]: 'repository:\n  signatures: {enabled: false}\n',
      CODEOWNERS: '* @org/all\n!apps/ @x\n',
    });
    write(dir, { 'apps/c.yaml': configMap });
    const { code, stdout } = await cli(['diff', '--base', 'HEAD', '--format', 'json'], dir);
    expect(repoFindings(stdout)).toEqual(['existing codeowners-syntax medium CODEOWNERS']);
    expect(code).toBe(0);
  });

  (hasSshKeygen() ? it : it.skip)(
    'reads git’s own signature status: SSH-signed commits by allowed, unknown and unconfigured keys',
    async () => {
      const dir = newRepo({ [CONFIG]: 'repository:\n  codeowners: {enabled: false}\n' });
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 't', '-f', join(dir, '.key')]);
      execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'o', '-f', join(dir, '.other')]);
      write(dir, { '.gitignore': '.key*\n.other*\n.allowed\n' });
      git(dir, 'config', 'gpg.format', 'ssh');
      git(dir, 'config', 'user.signingkey', join(dir, '.key.pub'));
      const base = git(dir, 'rev-parse', 'HEAD').trim();
      const signed = commit(dir, { 'apps/c.yaml': configMap }, 'signed', true);

      // No allowed-signers file: git cannot check SSH signatures at all (and says N): not available, not "unsigned".
      const unconfigured = await cli(['diff', '--base', base, '--head', 'HEAD', '--format', 'json'], dir);
      expect(repoFindings(unconfigured.stdout)).toEqual([]);
      expect(check(unconfigured.stdout, 'commit-signatures')).toMatchObject({ outcome: 'not_available' });
      expect(check(unconfigured.stdout, 'commit-signatures')!.items[0]!.message).toMatch(
        /allowed-signers file/,
      );

      const allowed = join(dir, '.allowed');
      git(dir, 'config', 'gpg.ssh.allowedSignersFile', allowed);
      const key = (name: string) => execFileSync('cat', [join(dir, name)], { encoding: 'utf8' }).trim();
      writeFileSync(allowed, `t@example.com ${key('.key.pub')}\n`);
      const good = await cli(['diff', '--base', base, '--head', 'HEAD', '--format', 'json'], dir);
      expect(check(good.stdout, 'commit-signatures')).toMatchObject({
        outcome: 'pass',
        items: [{ subject: signed, outcome: 'pass' }],
      });
      expect(good.code).toBe(0);

      writeFileSync(allowed, `t@example.com ${key('.other.pub')}\n`);
      const unknown = await cli(['diff', '--base', base, '--head', 'HEAD', '--format', 'json'], dir);
      expect(repoFindings(unknown.stdout)).toEqual(['introduced commit-signature-unverified high ']);
      expect(
        parseJson(unknown.stdout).findings.find((f) => f.ruleId === 'commit-signature-unverified')!.message,
      ).toMatch(/SSH key that is not in the allowed-signers file/);
      expect(unknown.code).toBe(1);
    },
  );
});
