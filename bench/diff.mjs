#!/usr/bin/env node
// Benchmark: `gitops-guard diff --base HEAD~1 --head HEAD --format json` as a pre-commit hook or CI
// runs it, in a temporary git repository made of the corpus (one commit), on two generated changes:
// one file (an image changed in one Deployment) and 300 files (a ConfigMap added to each). The
// reference, paired run by run: `gitops-guard scan` of that one file. Medians of ROUNDS runs; CPU
// is user + system time (git's included), peak memory the OS's maximum RSS. Rendering is off on
// both sides (`--no-render`; bench:render measures it).
// The one-file diff runs ROUNDS times more with `git` on PATH a wrapper that times each git
// process: the budget is 3x the scan "plus git's own time".
// Last line: the CPU ratio (one-file diff - its git's own CPU) / one-file scan (target <= 3), and
// the ratio with git's time. Needs `npm run build`, git and GNU time.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import {
  CLI,
  corpusDir,
  describe,
  listManifests,
  loadLine,
  measure,
  median,
  paired,
  requireTools,
  TIME,
} from './lib/process.mjs';

requireTools();
const corpus = corpusDir();
const rounds = Number(process.env.ROUNDS ?? 5);
const node = process.execPath;
const ONE_FILE = 'GoogleCloudPlatform__microservices-demo/kubernetes-manifests/frontend.yaml';

const repo = mkdtempSync(join(tmpdir(), 'gg-bench-diff-'));
const git = (...args) =>
  execFileSync(
    'git',
    ['-c', 'user.name=bench', '-c', 'user.email=bench@example.com', '-c', 'commit.gpgsign=false', ...args],
    {
      cwd: repo,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
try {
  cpSync(corpus, repo, { recursive: true });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'corpus');
  git('tag', 'base');

  // One file: an image of one Deployment.
  const one = join(repo, ONE_FILE);
  writeFileSync(one, readFileSync(one, 'utf8').replace('image: frontend', 'image: frontend:v2'));
  git('commit', '-q', '-am', 'one file');
  git('tag', 'one');

  // 300 files: a ConfigMap appended to each of 300 YAML manifests (kustomization files left alone).
  git('checkout', '-q', 'base');
  const yamls = listManifests(repo)
    .map((f) => relative(repo, f))
    .filter((f) => /\.ya?ml$/.test(f) && !/kustomization\.ya?ml$/i.test(f))
    .slice(0, 300);
  yamls.forEach((f, i) =>
    writeFileSync(
      join(repo, f),
      `${readFileSync(join(repo, f), 'utf8').replace(/\n*$/, '\n')}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bench-${i}\n  namespace: default\ndata:\n  key: value\n`,
    ),
  );
  git('commit', '-q', '-am', '300 files');
  git('tag', 'many');

  const diffArgs = (head) => [
    node,
    CLI,
    'diff',
    '--base',
    'base',
    '--head',
    head,
    '--format',
    'json',
    '--no-render',
  ];
  const check = (name, r) => {
    if (r.status > 1) throw new Error(`${name} exited with ${r.status}`);
  };
  const results = paired(
    {
      scanOne: [node, CLI, 'scan', ONE_FILE, '--format', 'json', '--no-render'],
      diffOne: diffArgs('one'),
      diffMany: diffArgs('many'),
    },
    rounds,
    { cwd: repo, check },
  );
  // git's own CPU in the one-file diff (the budget is 3x the scan "plus git's own time"):
  // the same diff again, with `git` on PATH a wrapper that times each git process.
  const gitCpu = median(
    Array.from({ length: rounds }, () => gitTimeOf(diffArgs('one'), { cwd: repo, check })),
  );
  const manyReport = JSON.parse(results.diffMany.runs[0].stdout);
  console.log(loadLine());
  console.log(
    `repository: ${listManifests(repo).length} manifest files; changes of 1 and ${yamls.length} files`,
  );
  console.log(describe('scan of the one file  ', results.scanOne));
  console.log(describe('diff of the one file  ', results.diffOne));
  console.log(`  of which git's own  : ${gitCpu.toFixed(2)} s CPU (median of ${rounds})`);
  console.log(describe(`diff of ${yamls.length} files      `, results.diffMany));
  console.log(`(${manyReport.resources?.length ?? '?'} resources changed in the ${yamls.length}-file diff)`);
  console.log(
    `one-file diff/scan CPU ratio: ${((results.diffOne.cpu - gitCpu) / results.scanOne.cpu).toFixed(2)} without git's own time (target <= 3; with it ${(results.diffOne.cpu / results.scanOne.cpu).toFixed(2)}; wall ${(results.diffOne.wall / results.scanOne.wall).toFixed(2)}), peak ${results.diffOne.rssMb.toFixed(0)} MB vs ${results.scanOne.rssMb.toFixed(0)} MB`,
  );
} finally {
  rmSync(repo, { recursive: true, force: true });
}

/** The CPU (user + system) of every git process `argv` runs, through a timing `git` first on PATH. */
function gitTimeOf(argv, { cwd, check }) {
  const realGit = execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
  const dir = mkdtempSync(join(tmpdir(), 'gg-bench-git-'));
  try {
    const times = join(dir, 'times');
    writeFileSync(
      join(dir, 'git'),
      `#!/bin/sh\nexec ${TIME} -f '%U %S' -a -o '${times}' '${realGit}' "$@"\n`,
      {
        mode: 0o755,
      },
    );
    writeFileSync(times, '');
    const r = measure(argv, { cwd, env: { ...process.env, PATH: `${dir}:${process.env.PATH}` } });
    check('diff (git timed)', r);
    return readFileSync(times, 'utf8')
      .split('\n')
      .map((line) => line.split(' ').map(Number))
      .filter((f) => f.length === 2 && f.every(Number.isFinite))
      .reduce((sum, [user, sys]) => sum + user + sys, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
