#!/usr/bin/env node
// Benchmark: `gitops-guard scan CORPUS --format json --no-render` as a user runs it (a process of its
// own: start-up, reading, policies, every rule, redaction, the JSON report), paired run by run
// with a bare js-yaml parse of the same files in a process of its own. Medians of ROUNDS runs of
// each; CPU is user + system time, peak memory the OS's maximum RSS. Then the same scan of SCALE
// copies of the corpus (default 16), medians of SCALED_ROUNDS runs (default 3), for how memory
// grows with the repository.
// Rendering is left out here (it runs kustomize; `npm run bench:render` measures it).
// Last line: the CPU ratio scan / parse (target <= 1.5), the peak at 1x (target <= 200 MB) and the
// peak at SCALE x over the peak at 1x (target <= 1.5). Needs `npm run build` and GNU time.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI, corpusDir, describe, listManifests, loadLine, paired, requireTools } from './lib/process.mjs';

requireTools();
const corpus = corpusDir();
const rounds = Number(process.env.ROUNDS ?? 5);
const scale = Number(process.env.SCALE ?? 16);
const scaledRounds = Number(process.env.SCALED_ROUNDS ?? 3);
const parser = fileURLToPath(new URL('./lib/parse-files.mjs', import.meta.url));
const node = process.execPath;

const scanArgs = (dir) => [node, CLI, 'scan', dir, '--format', 'json', '--no-render', '--no-config'];
const check = (name, r) => {
  // Exit 1 is "findings at the threshold"; anything else means the run did not finish.
  if (r.status > 1) throw new Error(`${name} exited with ${r.status}`);
};
const results = paired({ parse: [node, parser, corpus], scan: scanArgs(corpus) }, rounds, { check });
const report = JSON.parse(results.scan.runs[0].stdout);
console.log(loadLine());
console.log(
  `corpus: ${listManifests(corpus).length} files, ${report.summary?.resources ?? '?'} resources, ${report.findings?.length ?? '?'} findings`,
);
const heads = await schemaHeads(corpus);
console.log(
  `CRDs read from their head, bodies not parsed (docs/architecture.md, "Document heads"): ${heads.documents} documents, ${(heads.bytes / 1e6).toFixed(1)} of ${(heads.total / 1e6).toFixed(1)} MB`,
);
console.log(describe('bare js-yaml parse', results.parse));
console.log(describe('gitops-guard scan ', results.scan));

let scaled;
if (scale > 1) {
  const dir = mkdtempSync(join(tmpdir(), 'gg-bench-scan-'));
  try {
    for (let i = 0; i < scale; i++)
      cpSync(corpus, join(dir, `copy-${i}`), { recursive: true, verbatimSymlinks: true });
    // Peak memory varies by 10-20% from run to run (when V8 collects against when a large file is
    // parsed): medians of several runs, as for the 1x.
    scaled = paired({ scan: scanArgs(dir) }, scaledRounds, { check }).scan;
    console.log(
      `gitops-guard scan ${scale}x: ${scaled.cpu.toFixed(2)} s CPU (${(scaled.cpu / results.scan.cpu).toFixed(1)}x the 1x), ${scaled.wall.toFixed(2)} s wall, peak ${scaled.rssMb.toFixed(0)} MB (medians of ${scaled.runs.length}; peaks ${scaled.runs.map((r) => r.rssMb.toFixed(0)).join(', ')} MB)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const cpuRatio = results.scan.cpu / results.parse.cpu;
console.log(
  `scan/parse CPU ratio: ${cpuRatio.toFixed(2)} (target <= 1.5; wall ${(results.scan.wall / results.parse.wall).toFixed(2)}), peak ${results.scan.rssMb.toFixed(0)} MB (target <= 200)` +
    (scaled
      ? `, ${scale}x peak / 1x peak ${(scaled.rssMb / results.scan.rssMb).toFixed(2)} (target <= 1.5)`
      : ''),
);

/** The CRD documents the loader reads from their head alone, and their bytes (what the scan does not parse). */
async function schemaHeads(dir) {
  const { schemaDocumentHead } = await import(
    new URL('../dist/manifests/document-head.js', import.meta.url).href
  );
  const { splitDocuments } = await import(new URL('../dist/manifests/load.js', import.meta.url).href);
  let documents = 0;
  let bytes = 0;
  let total = 0;
  for (const file of listManifests(dir)) {
    const text = readFileSync(file, 'utf8');
    total += Buffer.byteLength(text);
    for (const chunk of splitDocuments(text))
      if (schemaDocumentHead(chunk.text)) {
        documents++;
        bytes += Buffer.byteLength(chunk.text);
      }
  }
  return { documents, bytes, total };
}
