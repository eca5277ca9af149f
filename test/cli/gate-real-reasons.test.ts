/** A gate that fails only for real reasons (issue 16): where globs are rooted, 0 manifests, YAML that is not a manifest, nameless resources. */
import { describe, expect, it } from '@jest/globals';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, newRepo, parseJson, write } from './git-repo.js';

const pod = (name: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: apps}\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        privileged: true\n`;

describe('paths.include is rooted at the repository', () => {
  it('a configuration outside .github/ (configs/ci/gg.yml) still matches clusters/** from the top, from a subfolder and for a file', async () => {
    const dir = newRepo({
      'configs/ci/gg.yml': "paths:\n  include: ['clusters/**']\n",
      'clusters/prod/pod.yaml': pod('p'),
      'other/pod.yaml': pod('q'),
    });
    for (const [cwd, target] of [
      [dir, dir],
      [join(dir, 'clusters'), join(dir, 'clusters')],
      [dir, join(dir, 'clusters/prod')],
    ] as const) {
      const { code, stdout, stderr } = await cli(
        ['scan', target, '--config', join(dir, 'configs/ci/gg.yml'), '--format', 'json'],
        cwd,
      );
      expect({ target, stderr }).toEqual({ target, stderr: '' });
      expect(code).toBe(1);
      expect(parseJson(stdout).findings.map((f) => f.file)).toEqual(
        expect.arrayContaining([expect.stringMatching(/clusters\/prod\/pod\.yaml$/)]),
      );
      expect(parseJson(stdout).findings.some((f) => f.file.includes('other/'))).toBe(false);
    }
  });

  it('outside git, globs are relative to the scanned folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gg-nogit-'));
    write(dir, { 'conf/gg.yml': "paths:\n  include: ['apps/**']\n", 'apps/pod.yaml': pod('p') });
    const { code } = await cli(['scan', dir, '--config', join(dir, 'conf/gg.yml')], dir);
    expect(code).toBe(1);
  });

  it('0 manifests matched is a visible warning, not a silent pass', async () => {
    const dir = newRepo({
      '.github/gitops-guard.yml': "paths:\n  include: ['kubernetes/**']\n",
      'clusters/pod.yaml': pod('p'),
    });
    const { code, stderr, stdout } = await cli(['scan', dir], dir);
    expect(stderr).toMatch(/warning: 0 manifests matched .*paths\.include \["kubernetes\/\*\*"\]/);
    expect(code).toBe(0);
    expect(stdout).toMatch(/0 files/);
  });
});
