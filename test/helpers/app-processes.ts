import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { request } from 'node:http';
import { join } from 'node:path';
import { compileSources } from './compiled-sources.js';
import { freePort } from './redis-server.js';
// @ts-expect-error plain JS helper shared with bench/queue.mjs
import { deliverSigned, pullRequestPayload } from './webhooks.mjs';

/**
 * gitops-guard as it runs in production (`node app/start.js`, Probot's server, our queue) in a
 * child process on 127.0.0.1, pointed at a simulated GitHub, for tests that SIGKILL workers.
 */

export const WEBHOOK_SECRET = 'queue-test-secret';
let key: string | undefined;

export interface AppProcess {
  port: number;
  child: ChildProcess;
  /** stderr and stdout so far (for failure messages). */
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export async function startAppProcess(env: Record<string, string>): Promise<AppProcess> {
  key ??= generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  }).privateKey;
  const dist = compileSources();
  const port = await freePort();
  const child = spawn(process.execPath, [join(dist, 'app', 'start.js')], {
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'test',
      APP_ID: '1',
      PRIVATE_KEY: key,
      WEBHOOK_SECRET,
      HOST: '127.0.0.1',
      PORT: String(port),
      GHE_PROTOCOL: 'http',
      LOG_LEVEL: 'warn',
      // The simulated GitHub has no write limits; real GitHub keeps Octokit's throttle (docs/deploy.md).
      GITHUB_THROTTLE: 'off',
      QUEUE_LOCK_SECONDS: '2',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out = (out + c.toString()).slice(-20_000)));
  child.stderr!.on('data', (c: Buffer) => (out = (out + c.toString()).slice(-20_000)));
  const end = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`app process exited with ${child.exitCode}: ${out}`);
    if ((await get(port, '/readyz').catch(() => 0)) === 200) break;
    if (Date.now() > end) throw new Error(`app process not ready in 30 s: ${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    child,
    output: () => out,
    kill: async (signal = 'SIGTERM') => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill(signal);
      await exited;
    },
  };
}

function get(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET' }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

/** One signed webhook delivery; resolves with the HTTP status and how long the answer took (ms). */
export function deliver(
  port: number,
  name: string,
  id: string,
  payload: unknown,
): Promise<{ status: number; ms: number }> {
  return deliverSigned(port, WEBHOOK_SECRET, name, id, payload);
}

export { pullRequestPayload };
