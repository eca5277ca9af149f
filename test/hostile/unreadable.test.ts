/**
 * An unreadable file (EACCES) is a high finding on its path (issue 17). Root reads any file
 * (CAP_DAC_OVERRIDE), so where the tests run as root this file runs itself again in a child
 * whose capability bounding set drops CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH (`setpriv`):
 * the permission bits then hold for it as for any user.
 */
import { describe, expect, it } from '@jest/globals';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, openSync, closeSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, parseJson } from '../cli/git-repo.js';

const privilegedPod =
  'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: app\n      image: nginx\n      securityContext:\n        privileged: true\n';

/** Whether this process can open a file whose mode is 000 (root with CAP_DAC_OVERRIDE). */
function permissionBitsBypassed(): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'gg-eacces-probe-'));
  const file = join(dir, 'probe');
  writeFileSync(file, 'x');
  chmodSync(file, 0o000);
  try {
    closeSync(openSync(file, 'r'));
    return true;
  } catch {
    return false;
  }
}

function hasSetpriv(): boolean {
  try {
    execFileSync('setpriv', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const TITLE = 'an unreadable file (EACCES) is a high finding on its path';

describe('unreadable files', () => {
  if (!permissionBitsBypassed()) {
    it(TITLE, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'gg-eacces-'));
      writeFileSync(join(dir, 'secret.yaml'), privilegedPod);
      chmodSync(join(dir, 'secret.yaml'), 0o000);
      const { code, stdout } = await cli(['scan', dir, '--format', 'json'], dir);
      expect(code).toBe(1);
      expect(parseJson(stdout).findings).toEqual([
        expect.objectContaining({
          ruleId: 'manifest-parse-error',
          severity: 'high',
          message: expect.stringMatching(/permission denied/),
        }),
      ]);
    });
  } else if (hasSetpriv() && process.env.GITOPS_GUARD_NO_DAC !== '1') {
    it(`${TITLE} (as root without CAP_DAC_OVERRIDE, in a child)`, () => {
      const jest = join(import.meta.dirname, '..', '..', 'node_modules', 'jest', 'bin', 'jest.js');
      const child = spawnSync(
        'setpriv',
        [
          '--bounding-set=-dac_override,-dac_read_search',
          process.execPath,
          '--experimental-vm-modules',
          jest,
          '--runTestsByPath',
          import.meta.filename,
        ],
        {
          cwd: join(import.meta.dirname, '..', '..'),
          env: { ...process.env, GITOPS_GUARD_NO_DAC: '1' },
          encoding: 'utf8',
          timeout: 120_000,
        },
      );
      expect(child.stderr).toMatch(/Tests:\s+1 passed, 1 total/);
      expect(child.status).toBe(0);
    }, 150_000);
  } else {
    it.skip(`${TITLE} (needs a user without CAP_DAC_OVERRIDE, or setpriv)`, () => undefined);
  }
});
