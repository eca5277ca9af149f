/** Temporary git repositories and an in-memory CLI for the `diff` tests. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliIo } from '../../src/cli/run-cli.js';
import '../../src/cli/commands.js';

export async function cli(args: string[], cwd: string) {
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

export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
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

export function write(dir: string, files: Record<string, string | null>): void {
  for (const [name, text] of Object.entries(files)) {
    if (text === null) rmSync(join(dir, name));
    else {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
  }
}

export function commit(
  dir: string,
  files: Record<string, string | null>,
  message = 'change',
  sign = false,
): string {
  write(dir, files);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', sign ? '-S' : '--no-gpg-sign', '-m', message);
  return git(dir, 'rev-parse', 'HEAD').trim();
}

export function newRepo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'gg-diff-'));
  git(dir, 'init', '-q', '-b', 'main');
  commit(dir, files, 'base');
  return dir;
}

export interface JsonFinding {
  ruleId: string;
  severity: string;
  status: string;
  file: string;
  line: number;
  message: string;
}

export function parseJson(stdout: string): {
  findings: JsonFinding[];
  repositoryChecks?: {
    check: string;
    outcome: string;
    summary: string;
    items: { outcome: string; message: string; subject: string }[];
  }[];
} {
  return JSON.parse(stdout);
}
