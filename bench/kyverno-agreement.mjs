#!/usr/bin/env node
// Agreement with Kyverno: replays the vendored CLI tests of kyverno/policies (pod-security,
// best-practices, argo, flux; test/conformance/kyverno) through our Kyverno evaluation.
// Last line: the share of Kyverno's resource verdicts we agree with (target >= 0.97).
// KYVERNO_TESTS_DIR=<dir> measures another copy (scripts/vendor-kyverno-policies.mjs with KYVERNO_OUT).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// The test fails below the target; the ratio is printed either way.
const run = spawnSync(
  process.execPath,
  [
    '--experimental-vm-modules',
    'node_modules/jest/bin/jest.js',
    '--silent=false',
    'test/conformance/kyverno-policies.test.ts',
  ],
  { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20, env: process.env },
);
const output = `${run.stdout}\n${run.stderr}`;
const line = output.split('\n').find((l) => l.includes('kyverno/policies agreement:'));
if (!line) {
  console.error(output);
  process.exit(1);
}
const [, agree, total] = /(\d+)\/(\d+)/.exec(line);
console.log(`agreement with Kyverno's verdicts: ${agree}/${total} = ${(agree / total).toFixed(3)}`);
