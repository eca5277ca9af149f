#!/usr/bin/env node
// Throughput of the queue and latency of the webhook answer: the app as deployed (one web process
// and 1, 2 or 4 worker processes, `dist/app/start.js`) on a private redis-server, against a
// simulated GitHub on 127.0.0.1 that answers every call after LATENCY_MS (real GitHub: 50-300 ms).
// A burst of 400 webhooks (200 pull requests over 20 repositories, 100 superseding pushes and
// 100 redeliveries) is sent 25 at a time; reviews/s counts completed latest heads over the time
// from the first webhook to the last completed check run. The webhook latency percentiles are
// measured while the workers are saturated. Last line: the p99 webhook latency in ms (target < 100).
// As deployed, web replicas have CPU of their own (separate pods or machines, CPU requests); on one
// machine the bench gives the web process that share by running the workers at a lower CPU
// priority (nice WORKER_NICE, default 10; WORKER_NICE=0 shares the CPU equally). The load average
// is printed with the figures: on a loaded machine every figure is the machine's as much as ours.
import { spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, setPriority, tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { startSimulatedGitHub } from '../test/helpers/simulated-github.mjs';
import { deliverSigned, pullRequestPayload } from '../test/helpers/webhooks.mjs';

const start = new URL('../dist/app/start.js', import.meta.url);
if (!existsSync(start)) {
  console.error('bench:queue needs the build: run `npm run build` first.');
  process.exit(2);
}
const redisBinary = process.env.REDIS_SERVER || 'redis-server';
if (spawnSync(redisBinary, ['--version']).status !== 0) {
  console.error('bench:queue needs redis-server on PATH (apt-get install -y redis-server).');
  process.exit(2);
}
const LATENCY_MS = Number(process.env.LATENCY_MS || 20);
const WORKER_NICE = Number(process.env.WORKER_NICE ?? 10);
const SECRET = 'bench-secret';
const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function startRedis() {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'gg-bench-redis-'));
  const child = spawn(
    redisBinary,
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'ignore'] },
  );
  await new Promise((resolve) =>
    child.stdout.on('data', (c) => String(c).includes('Ready to accept') && resolve()),
  );
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () => {
      child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function startApp(env, nice = 0) {
  const port = await freePort();
  const child = spawn(process.execPath, [start.pathname], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      APP_ID: '1',
      PRIVATE_KEY: privateKey,
      WEBHOOK_SECRET: SECRET,
      HOST: '127.0.0.1',
      PORT: String(port),
      GHE_PROTOCOL: 'http',
      LOG_LEVEL: 'error',
      GITHUB_THROTTLE: 'off',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (nice) setPriority(child.pid, nice);
  for (let i = 0; i < 300; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/readyz`)
      .then((r) => r.ok)
      .catch(() => false);
    if (ok) return { port, stop: () => child.kill('SIGKILL') };
    await sleep(100);
  }
  throw new Error('app process not ready');
}

const percentile = (values, p) => {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const hex = (n, salt) => (salt + n.toString(16)).padStart(40, '0').slice(-40).replace(/^0/, 'c');

async function run(workers, redis, db) {
  const sim = await startSimulatedGitHub({ latencyMs: LATENCY_MS });
  const env = { GHE_HOST: sim.host, REDIS_URL: `${redis.url}/${db}` };
  const processes = [await startApp({ ...env, APP_ROLE: 'web' })];
  for (let i = 0; i < workers; i++)
    processes.push(await startApp({ ...env, APP_ROLE: 'worker', WORKER_CONCURRENCY: '4' }, WORKER_NICE));
  const burst = [];
  const latest = new Map();
  const t0 = Date.now();
  for (let i = 0; i < 200; i++) {
    const repo = `repo-${i % 20}`;
    burst.push([
      'pull_request',
      `open-${i}`,
      pullRequestPayload('opened', repo, i + 1, hex(i, 'a1'), 'b'.repeat(40), t0),
    ]);
    latest.set(`${repo}#${i + 1}`, hex(i, 'a1'));
    if (i < 100) {
      burst.push([
        'pull_request',
        `sync-${i}`,
        pullRequestPayload('synchronize', repo, i + 1, hex(i, 'a2'), 'b'.repeat(40), t0 + 1000),
      ]);
      latest.set(`${repo}#${i + 1}`, hex(i, 'a2'));
    }
  }
  burst.push(...burst.slice(0, 100));
  const latencies = [];
  const started = Date.now();
  for (let i = 0; i < burst.length; i += 25) {
    const answers = await Promise.all(
      burst
        .slice(i, i + 25)
        .map(([name, id, payload]) => deliverSigned(processes[0].port, SECRET, name, id, payload)),
    );
    for (const a of answers) latencies.push(a.ms);
  }
  const heads = [...latest.values()];
  while (!heads.every((h) => sim.checkRuns.some((r) => r.head_sha === h && r.status === 'completed'))) {
    if (Date.now() - started > 600_000) throw new Error('the burst did not complete in 10 minutes');
    await sleep(50);
  }
  const seconds = (Date.now() - started) / 1000;
  for (const p of processes) p.stop();
  await sim.close();
  return {
    workers,
    seconds,
    reviewsPerSecond: heads.length / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

const load = () => loadavg()[0].toFixed(1);
console.log(
  `machine: ${cpus().length} cores, load average ${load()} before the runs; workers at nice ${WORKER_NICE}`,
);
const redis = await startRedis();
let last;
try {
  for (const [i, workers] of [1, 2, 4].entries()) {
    last = await run(workers, redis, i + 1);
    console.log(
      `${workers} worker process(es) x 4 jobs: ${last.reviewsPerSecond.toFixed(1)} reviews/s (200 latest heads in ${last.seconds.toFixed(1)} s); webhook answer p50 ${last.p50.toFixed(1)} ms, p99 ${last.p99.toFixed(1)} ms`,
    );
  }
} finally {
  redis.stop();
}
console.log(`load average after the runs: ${load()}`);
console.log(`webhook answer p99 under the burst (4 workers), ms: ${last.p99.toFixed(1)}`);
