#!/usr/bin/env node
// Benchmark: scan ../shared/corpus with every built-in rule, against a bare js-yaml parse of the
// same files. Last line: the ratio scan time / parse time (target <= 1.5) and the scan's peak memory.
// Needs `npm run build` (npm ci runs it).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadAll, YAML11_SCHEMA } from 'js-yaml';

const corpus = process.env.CORPUS ?? fileURLToPath(new URL('../../shared/corpus/', import.meta.url));
const rounds = Number(process.env.ROUNDS ?? 5);

function listYaml(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== '.git' && entry.name !== 'node_modules') out.push(...listYaml(full));
    } else if (/\.ya?ml$/i.test(entry.name)) out.push(full);
  }
  return out.sort();
}

const files = listYaml(corpus).map((path) => ({ path, content: readFileSync(path, 'utf8') }));

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
function time(fn) {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e6;
}

async function scanOnce() {
  const { scanFiles } = await import('../dist/engine/index.js');
  const { resolveConfig } = await import('../dist/config/resolve.js');
  const { loadPacks, builtinPacksDir } = await import('../dist/cli/load-config.js');
  const { builtinRules } = await import('../dist/rules/index.js');
  const resolved = resolveConfig(builtinRules, loadPacks(builtinPacksDir()).packs, undefined);
  return () => scanFiles({ files, rules: resolved.rules, options: resolved.options, today: '2026-01-01' });
}

if (process.argv[2] === '--child-scan') {
  // Peak memory of a scan alone, in a fresh process.
  const scan = await scanOnce();
  const result = scan();
  console.log(
    JSON.stringify({
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      findings: result.findings.length,
      resources: result.resources.length,
    }),
  );
  process.exit(0);
}

const bytes = files.reduce((n, f) => n + Buffer.byteLength(f.content), 0);
const parse = () => {
  for (const f of files) {
    try {
      loadAll(f.content, { schema: YAML11_SCHEMA });
    } catch {
      /* counted like the scan: errors are findings */
    }
  }
};
const scan = await scanOnce();
parse();
scan(); // warm up
const parseTimes = [],
  scanTimes = [];
for (let i = 0; i < rounds; i++) {
  parseTimes.push(time(parse));
  scanTimes.push(time(scan));
}
const child = JSON.parse(
  execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child-scan'], {
    encoding: 'utf8',
    env: { ...process.env, CORPUS: corpus },
  })
    .trim()
    .split('\n')
    .pop(),
);
const p = median(parseTimes),
  s = median(scanTimes);
console.log(
  `corpus: ${files.length} YAML files, ${(bytes / 1e6).toFixed(1)} MB, ${child.resources} resources, ${child.findings} findings`,
);
console.log(`bare js-yaml parse: ${p.toFixed(0)} ms (median of ${rounds})`);
console.log(
  `gitops-guard scan:  ${s.toFixed(0)} ms (median of ${rounds}), peak memory ${child.maxRssMb.toFixed(0)} MB`,
);
console.log(
  `scan/parse ratio: ${(s / p).toFixed(2)} (target <= 1.5), peak memory ${child.maxRssMb.toFixed(0)} MB (target < 250)`,
);
