/**
 * The `bin` as npm installs it (dist/bin/gitops-guard.js, bundled by scripts/bundle-cli.mjs) is the
 * same program as the compiled modules it is made of (dist/cli/main.js): same version, same reports.
 */
import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error plain JS build script (the bin's unbundled entry)
import { UNBUNDLED_BIN } from '../../scripts/bundle-cli.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  version: string;
  bin: Record<string, string>;
};
const bin = join(root, pkg.bin['gitops-guard']!);
const modules = join(root, 'dist/cli/main.js');

const run = (entry: string, args: string[]) => {
  const r = spawnSync(process.execPath, [entry, ...args], { cwd: root, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('the installed bin', () => {
  it('is built (npm run build)', () => {
    expect(pkg.bin['gitops-guard']).toBe('dist/bin/gitops-guard.js');
    expect(existsSync(bin)).toBe(true);
  });

  it('is bundled where esbuild is installed (npm ci)', () => {
    if (existsSync(join(root, 'node_modules/esbuild/package.json')))
      expect(readFileSync(bin, 'utf8')).not.toBe(UNBUNDLED_BIN);
  });

  it('without esbuild, is the entry that loads dist/cli/ unbundled: the same program', () => {
    // Beside dist/bin/, as deep, as scripts/bundle-cli.mjs writes it there.
    const dir = join(root, 'dist', `bin-unbundled-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    try {
      writeFileSync(join(dir, 'gitops-guard.js'), UNBUNDLED_BIN);
      for (const args of [['--version'], ['scan', 'examples', '--format', 'json']])
        expect(run(join(dir, 'gitops-guard.js'), args)).toEqual(run(modules, args));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints the package version', () => {
    expect(run(bin, ['--version'])).toEqual({ status: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it.each([
    ['scan examples --format json', ['scan', 'examples', '--format', 'json']],
    ['scan examples --format sarif', ['scan', 'examples', '--format', 'sarif']],
    ['rules --format json', ['rules', '--format', 'json']],
  ])('%s: the same exit code and report as dist/cli/main.js', (_name, args) => {
    const bundled = run(bin, args);
    expect(bundled.stdout.length).toBeGreaterThan(1000);
    expect(bundled).toEqual(run(modules, args));
  });
});
