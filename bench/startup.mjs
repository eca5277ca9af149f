#!/usr/bin/env node
// Benchmark: start-up. `gitops-guard --version` and `gitops-guard scan` of one small file (the
// `bin` of package.json, as npm installs it), paired run by run with `node -e 0` (the floor:
// Node.js itself). Medians of ROUNDS runs; wall time, CPU
// (user + system) and peak RSS from the OS.
// Last line: what each adds to `node -e 0`, in seconds of wall and CPU time (target <= 0.3 s each;
// on a loaded machine wall time mostly measures the wait for a core).
// Needs `npm run build` and GNU time.
import { join } from 'node:path';
import { CLI, corpusDir, describe, loadLine, paired, requireTools } from './lib/process.mjs';

requireTools();
const rounds = Number(process.env.ROUNDS ?? 9);
const node = process.execPath;
const file = join(corpusDir(), 'GoogleCloudPlatform__microservices-demo/kubernetes-manifests/frontend.yaml');
const results = paired(
  {
    node: [node, '-e', '0'],
    version: [node, CLI, '--version'],
    scanOne: [node, CLI, 'scan', file, '--format', 'json', '--no-render', '--no-config'],
  },
  rounds,
  {
    check: (name, r) => {
      if (r.status > 1) throw new Error(`${name} exited with ${r.status}`);
    },
  },
);
console.log(loadLine());
console.log(describe('node -e 0               ', results.node));
console.log(describe('gitops-guard --version  ', results.version));
console.log(describe('gitops-guard scan 1 file', results.scanOne));
const over = (m) =>
  `+${(m.wall - results.node.wall).toFixed(2)} s wall, +${(m.cpu - results.node.cpu).toFixed(2)} s CPU`;
console.log(
  `start-up over node -e 0: --version ${over(results.version)}; one-file scan ${over(results.scanOne)} (target <= 0.3 s each)`,
);
