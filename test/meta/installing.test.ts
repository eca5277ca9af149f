/** The install story of docs/installing.md: what CI cannot show on every machine, checked statically. */
import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const pkg = JSON.parse(read('package.json')) as {
  engines: { node: string };
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
};

describe('installing', () => {
  it('pins nothing that does not exist: no tag in the README, docs, hook or action', () => {
    const tags = execFileSync('git', ['tag', '--list'], {
      cwd: new URL('../..', import.meta.url),
      encoding: 'utf8',
    })
      .split('\n')
      .filter(Boolean);
    const files = [
      'README.md',
      '.pre-commit-hooks.yaml',
      'action.yml',
      ...readdirSync(new URL('../../docs', import.meta.url))
        .filter((f) => f.endsWith('.md'))
        .map((f) => `docs/${f}`),
    ];
    for (const file of files) {
      const refs = [...read(file).matchAll(/(?:gitops-guard[#@]|rev:\s*)(v?\d+\.\d+[\w.-]*)/g)].map(
        (m) => m[1]!,
      );
      expect({ file, refs: refs.filter((r) => !tags.includes(r)) }).toEqual({ file, refs: [] });
    }
  });

  it('states the supported Node.js versions once, the same in engines, README and docs', () => {
    expect(pkg.engines.node).toBe('^20.19.0 || >=22.12.0');
    expect(read('README.md')).toContain('Node.js 22 or 24 (20.19+ still works');
    expect(read('docs/installing.md')).toContain(`"engines": { "node": "${pkg.engines.node}" }`);
  });

  it('prepare needs no devDependency (npm/cli#8440) and keeps npm pack quiet (pre-commit 3 reads its stdout)', () => {
    expect(pkg.scripts.prepare).toBe('node scripts/prepare.mjs');
    // Its static imports and those of the scripts it imports; esbuild (the bin's bundle) is imported
    // dynamically and optional (scripts/bundle-cli.mjs).
    const scripts = ['scripts/prepare.mjs'];
    for (const script of scripts)
      for (const [, name] of read(script).matchAll(/^import .* from '([^']+)';$/gm)) {
        if (name!.startsWith('./')) {
          scripts.push(`scripts/${name!.slice(2)}`);
          continue;
        }
        expect({
          script,
          name,
          ok: name!.startsWith('node:') || builtinModules.includes(name!) || name! in pkg.dependencies,
        }).toEqual({ script, name, ok: true });
      }
    expect(scripts).toContain('scripts/bundle-cli.mjs');
    expect(read('scripts/bundle-cli.mjs')).toMatch(/await import\('esbuild'\)/);
    expect(read('.npmrc')).toMatch(/^foreground-scripts=false$/m);
  });

  it('the hook judges the staged change', () => {
    expect(read('.pre-commit-hooks.yaml')).toMatch(/entry: gitops-guard diff --base HEAD --staged\n/);
  });
});
