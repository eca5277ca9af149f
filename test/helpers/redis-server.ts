import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A private, real redis-server for a test file: Debian's `redis-server` from PATH (or
 * $REDIS_SERVER), on 127.0.0.1 and a free port, with append-only persistence so a restart keeps
 * the data. Without the binary the tests that need it are skipped with a message, except under
 * CI=true where a missing Redis fails (see README: Tests).
 */

function redisServerBinary(): string | undefined {
  const candidate = process.env.REDIS_SERVER || 'redis-server';
  return spawnSync(candidate, ['--version'], { encoding: 'utf8' }).status === 0 ? candidate : undefined;
}

/** `describe` when redis-server exists; `describe.skip` otherwise (an error under CI). */
export function describeWithRedis(describe: {
  (name: string, fn: () => void): void;
  skip: (name: string, fn: () => void) => void;
}) {
  if (redisServerBinary()) return describe;
  if (process.env.CI === 'true' || process.env.CI === '1')
    throw new Error(
      'CI: redis-server is not installed (apt-get install -y redis-server); the queue tests need a real Redis.',
    );
  console.warn(
    'redis-server not found on PATH: skipping the Redis tests (install it: apt-get install -y redis-server)',
  );
  return describe.skip;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export interface TestRedis {
  url: string;
  port: number;
  /** SHUTDOWN (keeps the append-only file) then start again on the same port and folder. */
  restart(downMs?: number): Promise<void>;
  /** The first and second half of a restart, for an outage of the test's own length. */
  down(): Promise<void>;
  up(): Promise<void>;
  stop(): Promise<void>;
}

export async function startRedis(): Promise<TestRedis> {
  const binary = redisServerBinary();
  if (!binary) throw new Error('redis-server not found');
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'gg-redis-'));
  let child: ChildProcess | undefined;

  const launch = async () => {
    child = spawn(
      binary,
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--dir',
        dir,
        '--save',
        '',
        '--appendonly',
        'yes',
        '--appendfsync',
        'always',
        '--maxmemory-policy',
        'noeviction',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('redis-server did not start within 10 s')), 10_000);
      child!.stdout!.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('Ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child!.on('exit', (code) => reject(new Error(`redis-server exited with ${code}`)));
    });
  };
  const halt = async () => {
    const c = child;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGTERM'); // redis-server saves on SIGTERM (append-only file is already synced)
    });
  };
  await launch();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async restart(downMs = 500) {
      await halt();
      await new Promise((r) => setTimeout(r, downMs));
      await launch();
    },
    down: halt,
    up: launch,
    async stop() {
      await halt();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
