// The CLI's `bin` (dist/bin/gitops-guard.js): dist/cli/main.js and what it imports bundled by
// esbuild into a few files, so that start-up does not resolve, read and link ~400 small ES modules
// (docs/architecture.md, "Start-up"). Dynamic imports stay separate chunks, loaded only by the
// commands that use them (diff, rendering, CEL and Kyverno policies, SARIF, the rule catalogue).
// Run after the compile to dist/ (`npm run build`, `prepare`). esbuild is a devDependency: where it
// is absent (`npm ci --omit=dev`, a global install from Git, a work tree installed before it was
// added) the bin is a one-line module that loads dist/cli/main.js unbundled, the same program
// started more slowly, and the benchmarks say so.
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// As deep as dist/cli/: the modules find ../../package.json and ../../policies/ from import.meta.url.
const out = join(root, 'dist', 'bin');
const bin = join(out, 'gitops-guard.js');

/** The bin where esbuild is not installed. */
export const UNBUNDLED_BIN = "#!/usr/bin/env node\nimport '../cli/main.js';\n";

/** Bundles dist/cli/main.js into dist/bin/; without esbuild, writes the unbundled entry. */
export async function bundleCli() {
  const esbuild = await import('esbuild').catch(() => undefined);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  if (esbuild) {
    await esbuild.build({
      entryPoints: { 'gitops-guard': join(root, 'dist', 'cli', 'main.js') },
      outdir: out,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      // Native or read by path at run time, never bundled.
      external: ['better-sqlite3', '@aws-cdk/lambda-layer-kubectl-v35'],
      // CommonJS packages in the bundle (yaml) require Node's built-in modules.
      banner: {
        js: "import { createRequire as bundleCreateRequire } from 'node:module'; const require = bundleCreateRequire(import.meta.url);",
      },
      logLevel: 'warning',
    });
  } else {
    writeFileSync(bin, UNBUNDLED_BIN);
    process.stderr.write(
      'gitops-guard: esbuild is not installed (npm ci installs it): dist/bin/gitops-guard.js loads dist/cli/ unbundled\n',
    );
  }
  chmodSync(bin, 0o755);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await bundleCli();
