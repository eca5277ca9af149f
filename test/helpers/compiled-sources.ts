import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/**
 * Child processes in tests (workers we SIGKILL, the web role under a burst) run plain Node, not
 * ts-jest: this transpiles src/ into .test-dist/ (same depth as dist/, so `../../policies` still
 * resolves), file by file and only what changed. No type-check: tsc does that in CI.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const TEST_DIST = join(ROOT, '.test-dist');

function* sources(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) yield path;
  }
}

export function compileSources(): string {
  const src = join(ROOT, 'src');
  for (const file of sources(src)) {
    const out = join(TEST_DIST, relative(src, file)).replace(/\.ts$/, '.js');
    try {
      if (statSync(out).mtimeMs >= statSync(file).mtimeMs) continue;
    } catch {
      // not compiled yet
    }
    const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
      fileName: file,
    });
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, outputText);
  }
  return TEST_DIST;
}
