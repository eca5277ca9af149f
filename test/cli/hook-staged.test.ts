import { describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, git, newRepo, write } from './git-repo.js';

const pod = (name: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: apps}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        privileged: true\n`;
const configMap =
  'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: apps}\ndata:\n  colour: blue\n';

describe('the pre-commit hook: diff --base HEAD --staged', () => {
  it('on the first commit of a new repository (no HEAD), everything staged is introduced', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gg-first-'));
    git(dir, 'init', '-q', '-b', 'main');
    write(dir, { 'cm.yaml': configMap });
    git(dir, 'add', 'cm.yaml');
    const ok = await cli(['diff', '--base', 'HEAD', '--staged'], dir);
    expect(ok.stderr).toMatch(/HEAD has no commit yet/);
    expect(ok.code).toBe(0);
    write(dir, { 'pod.yaml': pod('p') });
    git(dir, 'add', 'pod.yaml');
    const bad = await cli(['diff', '--base', 'HEAD', '--staged', '--format', 'json'], dir);
    expect(bad.code).toBe(1);
    const findings = JSON.parse(bad.stdout).findings as { ruleId: string; status: string; file: string }[];
    expect(findings.find((f) => f.ruleId === 'pss-privileged')).toMatchObject({
      status: 'introduced',
      file: 'pod.yaml',
    });
  });

  it('judges the index: an untracked or unstaged file is not part of the commit', async () => {
    const dir = newRepo({ 'README.md': 'x\n' });
    write(dir, { 'cm.yaml': configMap, 'pod.yaml': pod('untracked') });
    git(dir, 'add', 'cm.yaml');
    expect((await cli(['diff', '--base', 'HEAD', '--staged'], dir)).code).toBe(0);
    // the work tree (without --staged) sees the untracked pod
    expect((await cli(['diff', '--base', 'HEAD'], dir)).code).toBe(1);
    // a staged privileged pod, then made harmless in the work tree only: the commit would still hold the staged one
    git(dir, 'add', 'pod.yaml');
    write(dir, { 'pod.yaml': configMap.replace('settings', 'other') });
    const staged = await cli(['diff', '--base', 'HEAD', '--staged'], dir);
    expect(staged.code).toBe(1);
    expect(staged.stdout).toMatch(/against the index/);
  });

  it('an unknown base still is a usage error, also on a new repository', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gg-first-'));
    git(dir, 'init', '-q', '-b', 'main');
    expect((await cli(['diff', '--base', 'main~3', '--staged'], dir)).code).toBe(2);
    expect((await cli(['diff', '--base', 'HEAD', '--staged', '--head', 'HEAD'], dir)).code).toBe(2);
  });
});
