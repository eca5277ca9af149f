#!/usr/bin/env node
// Vendors kyverno/policies' CLI tests (policies, resources, expected results) of the folders
// the conformance test measures, from a local clone: node scripts/vendor-kyverno-policies.mjs <git-dir> [commit]
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { load } from 'js-yaml';

const [gitDir, commit = 'HEAD'] = process.argv.slice(2);
if (!gitDir) {
  console.error('usage: vendor-kyverno-policies.mjs <git-dir of kyverno/policies> [commit]');
  process.exit(2);
}
// KYVERNO_FOLDERS / KYVERNO_OUT: to try other folders of kyverno/policies elsewhere.
const FOLDERS = process.env.KYVERNO_FOLDERS?.split(',') ?? ['pod-security', 'best-practices', 'argo', 'flux'];
const OUT = process.env.KYVERNO_OUT ?? 'test/conformance/kyverno';
const git = (...args) =>
  execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
const sha = git('rev-parse', commit).trim();
const files = git('ls-tree', '-r', '--name-only', sha).split('\n');
const tests = files.filter(
  (f) => FOLDERS.some((d) => f.startsWith(`${d}/`)) && f.endsWith('.kyverno-test/kyverno-test.yaml'),
);

rmSync(OUT, { recursive: true, force: true });
const copy = (path) => {
  const text = git('show', `${sha}:${path}`);
  mkdirSync(join(OUT, dirname(path)), { recursive: true });
  writeFileSync(join(OUT, path), text);
};
for (const test of tests) {
  const doc = load(git('show', `${sha}:${test}`));
  copy(test);
  for (const ref of [...(doc.policies ?? []), ...(doc.resources ?? [])])
    copy(normalize(join(dirname(test), ref)));
}
writeFileSync(
  join(OUT, 'SOURCE.md'),
  `# kyverno/policies CLI tests\n\nVendored by \`scripts/vendor-kyverno-policies.mjs\` from https://github.com/kyverno/policies at commit\n\`${sha}\`: the \`.kyverno-test/kyverno-test.yaml\` of ${tests.length} policies under ${FOLDERS.map((f) => `\`${f}/\``).join(', ')},\nwith the policies and resources they name. Apache-2.0, (c) the Kyverno authors.\n`,
);
console.log(`${tests.length} tests from ${sha}`);
