import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Child processes in tests (workers we SIGKILL, the web role under a burst) run plain Node, not
 * ts-jest: src/ is compiled with the project's own transpile-only build (scripts/prepare.mjs)
 * into a folder of this test process beside dist/ (the same depth, so `../../policies`
 * resolves), removed by `removeCompiled`.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
let compiled: string | undefined;

export function compileSources(): string {
  if (compiled) return compiled;
  const out = `.test-dist-${process.pid}`;
  const result = spawnSync(process.execPath, [join(ROOT, 'scripts', 'prepare.mjs'), out], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`compiling src/ failed: ${result.stderr}`);
  compiled = join(ROOT, out);
  return compiled;
}

export function removeCompiled(): void {
  if (compiled) rmSync(compiled, { recursive: true, force: true });
  compiled = undefined;
}
