// Whole-process measurements for the benchmarks: CPU (user + system), wall time and peak RSS as
// the OS reports them (GNU time's %U %S %e %M), medians of several runs, pairs run alternately so
// that the load of other processes falls on both sides alike.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { UNBUNDLED_BIN } from '../../scripts/bundle-cli.mjs';

export const TIME = process.env.GNU_TIME ?? '/usr/bin/time';
/** The CLI as npm installs it: package.json's `bin` (the bundle, scripts/bundle-cli.mjs). */
export const CLI = fileURLToPath(
  new URL(
    `../../${JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).bin['gitops-guard']}`,
    import.meta.url,
  ),
);

export function requireTools() {
  if (!existsSync(TIME)) {
    console.error(
      `benchmarks need GNU time at ${TIME} (Debian: apt-get install time), or its path in $GNU_TIME`,
    );
    process.exit(2);
  }
  if (!existsSync(CLI)) {
    console.error('benchmarks need the build: run `npm run build` first.');
    process.exit(2);
  }
}

/** ../shared/corpus from the repository (or a worktree beside it), or $CORPUS. */
export function corpusDir() {
  if (process.env.CORPUS) return resolve(process.env.CORPUS);
  let dir = fileURLToPath(new URL('../..', import.meta.url));
  for (;;) {
    const candidate = join(dir, 'shared', 'corpus');
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  console.error('no corpus found: set $CORPUS to a folder of manifests (../shared/corpus)');
  process.exit(2);
}

/** Runs `argv` once under GNU time: { cpu, wall, rssMb, status, stdout }. */
export function measure(argv, options = {}) {
  const result = spawnSync(TIME, ['-f', '@@time %U %S %e %M', ...argv], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    ...options,
  });
  const line = result.stderr
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('@@time '));
  if (!line) throw new Error(`${argv.join(' ')}: no timing (${result.stderr.slice(-500)})`);
  const [user, sys, wall, rssKb] = line.slice(7).split(' ').map(Number);
  const status = /exited with non-zero status (\d+)/.exec(result.stderr)?.[1];
  return {
    cpu: user + sys,
    wall,
    rssMb: rssKb / 1024,
    status: status ? Number(status) : 0,
    stdout: result.stdout,
  };
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/**
 * Runs each named command `rounds` times, alternating (a b c a b c ...), and returns the medians
 * per name: { cpu, wall, rssMb, runs }.
 */
export function paired(commands, rounds, options = {}) {
  const runs = Object.fromEntries(Object.keys(commands).map((k) => [k, []]));
  for (let i = 0; i < rounds; i++)
    for (const [name, argv] of Object.entries(commands)) {
      const r = measure(argv, options);
      if (options.check) options.check(name, r);
      runs[name].push(r);
    }
  return Object.fromEntries(
    Object.entries(runs).map(([name, rs]) => [
      name,
      {
        cpu: median(rs.map((r) => r.cpu)),
        wall: median(rs.map((r) => r.wall)),
        rssMb: median(rs.map((r) => r.rssMb)),
        runs: rs,
      },
    ]),
  );
}

export function describe(name, m) {
  return `${name}: ${m.cpu.toFixed(2)} s CPU, ${m.wall.toFixed(2)} s wall, peak ${m.rssMb.toFixed(0)} MB (medians of ${m.runs.length})`;
}

/** The machine's load, for the record: measurements on a loaded machine say so; and an unbundled bin. */
export function loadLine() {
  const [one, five] = loadavg();
  const bin =
    readFileSync(CLI, 'utf8') === UNBUNDLED_BIN
      ? '; the bin is NOT bundled (esbuild missing: npm ci, then npm run build)'
      : '';
  return `machine: ${process.platform}, Node.js ${process.version}, load average ${one.toFixed(2)} (1 min) ${five.toFixed(2)} (5 min)${bin}`;
}

/** Manifest files under `dir` as `scan` lists them (.yaml, .yml, .json; never .git or node_modules). */
export function listManifests(dir) {
  const out = [];
  const walk = (d) => {
    const entries = readdirSync(d, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    for (const e of entries) {
      const full = join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== '.git' && e.name !== 'node_modules') walk(full);
      } else if (/\.(ya?ml|json)$/i.test(e.name)) out.push(full);
    }
  };
  walk(dir);
  return out;
}
