#!/usr/bin/env node
// Benchmark: the longest a single file can hold a worker. The files of
// test/helpers/worst-step-cases.mjs at the 5 MiB limit (thousands of findings in one resource,
// long lines and block scalars scanned for secrets, flow style and deep nesting, a JSON List, many
// documents), each scanned as `scan` does (load, secrets, rules, redaction) under the default
// per-file bound (10 s), then under a short bound (1 s) that every case reaches, to show how far a
// file can run past its bound (the longest step that cannot be interrupted). Last line: the worst
// elapsed / bound at the default bound, as a ratio. Needs `npm run build`.
import { worstStepCases } from '../test/helpers/worst-step-cases.mjs';

const { scanFiles } = await import('../dist/engine/index.js');
const { resolveConfig } = await import('../dist/config/resolve.js');
const { loadPacks, builtinPacksDir } = await import('../dist/cli/load-config.js');
const { builtinRules } = await import('../dist/rules/index.js');
const { DEFAULT_LIMITS } = await import('../dist/manifests/index.js');

const resolved = resolveConfig(builtinRules, loadPacks(builtinPacksDir()).packs, {});
const SHORT_BOUND = 1_000;

function run(content, maxFileMillis) {
  const started = performance.now();
  const { findings } = scanFiles({
    files: [{ path: 'x.yaml', content }],
    rules: resolved.rules,
    options: resolved.options,
    limits: { ...DEFAULT_LIMITS, maxFileMillis },
  });
  const ms = performance.now() - started;
  const bound = findings.some(
    (f) => /took longer than the \d+ ms bound/.test(f.message) || /time bound/.test(f.message),
  );
  return { ms, findings: findings.length, bound };
}

const cases = Object.entries(worstStepCases(DEFAULT_LIMITS.maxFileBytes));
let worst = { ratio: 0, name: '' };
let worstOverrun = { ms: -Infinity, name: '' };
for (const [name, { content }] of cases) {
  const full = run(content, DEFAULT_LIMITS.maxFileMillis);
  const short = run(content, SHORT_BOUND);
  const ratio = full.ms / DEFAULT_LIMITS.maxFileMillis;
  if (ratio > worst.ratio) worst = { ratio, name };
  if (short.ms - SHORT_BOUND > worstOverrun.ms) worstOverrun = { ms: short.ms - SHORT_BOUND, name };
  console.log(
    `${name}: ${(content.length / 2 ** 20).toFixed(2)} MiB, ${Math.round(full.ms)} ms, ${full.findings} findings${full.bound ? ', time bound reached' : ''}` +
      ` | ${SHORT_BOUND} ms bound: ${Math.round(short.ms)} ms${short.bound ? ', reached' : ', not reached'}`,
  );
}
console.log(
  `worst overrun past the ${SHORT_BOUND} ms bound: ${Math.round(worstOverrun.ms)} ms (${worstOverrun.name})`,
);
console.log(
  `worst file / bound: ${worst.ratio.toFixed(2)} (${worst.name}, bound ${DEFAULT_LIMITS.maxFileMillis} ms)`,
);
