// `prepare` (run by `npm ci`, `npm install` from Git and `npm pack`): compiles src/ to dist/
// with TypeScript's transpiler only. It needs no devDependencies (npm/cli#8440: a global install
// from Git runs `prepare` without them) and prints nothing on stdout (pre-commit reads the
// tarball name from `npm pack`'s stdout). `npm run build` is the type-checked build. Then the CLI's
// `bin` is bundled (scripts/bundle-cli.mjs) when esbuild, a devDependency, is installed.
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { bundleCli } from './bundle-cli.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');
// An optional folder name (tests compile into their own, beside dist/).
const outName = process.argv[2] ?? 'dist';
const out = join(root, outName);
const { config } = ts.readConfigFile(join(root, 'tsconfig.json'), ts.sys.readFile);
const { options } = ts.convertCompilerOptionsFromJson(
  { ...config.compilerOptions, types: [], module: 'ESNext', moduleResolution: 'Bundler' },
  root,
);

function* sources(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '__fixtures__') yield* sources(path);
    } else if (
      entry.name.endsWith('.ts') &&
      !entry.name.endsWith('.test.ts') &&
      !entry.name.endsWith('.d.ts')
    )
      yield path;
  }
}

let count = 0;
for (const file of sources(src)) {
  const rel = relative(src, file).replace(/\.ts$/, '.js');
  const target = join(out, rel);
  const result = ts.transpileModule(readFileSync(file, 'utf8'), {
    compilerOptions: options,
    fileName: file,
    reportDiagnostics: true,
  });
  if (result.diagnostics?.length) {
    process.stderr.write(
      ts.formatDiagnostics(result.diagnostics, {
        getCanonicalFileName: (f) => f,
        getCurrentDirectory: () => root,
        getNewLine: () => '\n',
      }),
    );
    process.exit(1);
  }
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(
    target,
    result.outputText.replace(
      /\/\/# sourceMappingURL=.*$/m,
      `//# sourceMappingURL=${rel.split('/').pop()}.map`,
    ),
  );
  if (result.sourceMapText) writeFileSync(`${target}.map`, result.sourceMapText);
  count++;
}
chmodSync(join(out, 'cli', 'main.js'), 0o755);
process.stderr.write(`gitops-guard: compiled ${count} files to ${outName}/\n`);
// Tests compile into folders of their own and run dist/cli/ modules, never the bin.
if (outName === 'dist') await bundleCli();
