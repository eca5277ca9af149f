import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';

/**
 * CI cannot run Docker here and hadolint is not installable (neither Debian nor npm ships it):
 * the image's start command is held to `npm start`, whose file the queue tests run as child
 * processes (test/queue/app-queue.test.ts).
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
});
