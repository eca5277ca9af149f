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
  const dir = mkdtempSync(join(tmpdir(), 'gg-owners-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const OWNERS = '* @org/platform\n/clusters/prod/ @org/security @org/platform # prod\n/docs/\n';

describe('gitops-guard codeowners', () => {
  it('JSON: the file used, owners and deciding line per path', async () => {
    const dir = repo({
      '.github/CODEOWNERS': OWNERS,
      CODEOWNERS: '* @root-file\n',
      'docs/CODEOWNERS': '* @docs-file\n',
    });
    const { code, stdout } = await cli([
      'codeowners',
      '--dir',
      dir,
      '--format',
      'json',
      'clusters/prod/app.yaml',
      './apps/a.yaml',
      'docs/x.md',
    ]);
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toEqual({
      file: '.github/CODEOWNERS',
      paths: {
        'clusters/prod/app.yaml': { owners: ['@org/security', '@org/platform'], line: 2 },
        'apps/a.yaml': { owners: ['@org/platform'], line: 1 },
        'docs/x.md': { owners: [], line: 3 },
      },
    });
  });

  it('uses the root file before docs/, and null when no line matches', async () => {
    const dir = repo({ CODEOWNERS: '/apps/ @apps\n', 'docs/CODEOWNERS': '* @docs-file\n' });
    const { code, stdout } = await cli(['codeowners', '--format', 'json', 'apps/a.yaml', 'README.md'], dir);
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toEqual({
      file: 'CODEOWNERS',
      paths: { 'apps/a.yaml': { owners: ['@apps'], line: 1 }, 'README.md': { owners: [], line: null } },
    });
  });

  it('text output names the deciding line; exit 0 when all are owned', async () => {
    const dir = repo({ 'docs/CODEOWNERS': OWNERS });
    const { code, stdout } = await cli(['codeowners', '--dir', dir, 'clusters/prod/app.yaml']);
    expect(code).toBe(0);
    expect(stdout).toBe(
      'clusters/prod/app.yaml  @org/security @org/platform  (docs/CODEOWNERS:2 /clusters/prod/)\n',
    );
  });

  it('reports errors of the file on stderr', async () => {
    const dir = repo({ CODEOWNERS: '* @a\n!x @b\n' });
    const { stderr, stdout } = await cli(['codeowners', '--dir', dir, 'x']);
    expect(stderr).toContain('CODEOWNERS:2:1: `!` negation is not supported');
    expect(stdout).toContain('x  @a  (CODEOWNERS:1 *)');
  });

  it('exit 2 without a CODEOWNERS file or without paths', async () => {
    const dir = repo({ 'README.md': 'hi' });
    expect((await cli(['codeowners', '--dir', dir, 'a'])).code).toBe(2);
    expect((await cli(['codeowners', '--dir', dir])).code).toBe(2);
    expect((await cli(['codeowners', '--dir', dir, '--format', 'xml', 'a'])).code).toBe(2);
  });
});
