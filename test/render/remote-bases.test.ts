import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../../src/config/resolve.js';
import { builtinPacksDir, loadPacks } from '../../src/cli/load-config.js';
import { builtinRules } from '../../src/rules/index.js';
import { renderAndJudge } from '../../src/render/index.js';
import { parseRemoteBase, remoteBaseAllowed } from '../../src/render/plan/remote-base.js';
import { startGitServer } from '../helpers/git-server.js';
import { cli, commit, git as gitIn, newRepo, type JsonFinding } from '../cli/git-repo.js';

// Kustomize remote bases from an allow-list: git repositories served from 127.0.0.1 by the test
// (git http-backend), fetched by our git, rendered by the bundled kubectl without network.

function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'gg-remote-test-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const rules = () => {
  const resolved = resolveConfig(builtinRules, loadPacks(builtinPacksDir()).packs, {});
  return { rules: resolved.rules, options: resolved.options };
};

const deployment = (hostNetwork: boolean) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      hostNetwork: ${hostNetwork}
      automountServiceAccountToken: false
      containers:
        - name: web
          image: ghcr.io/acme/web:1.0.0
`;

describe('parseRemoteBase: the remote-URL forms kustomize accepts', () => {
  it.each([
    [
      'https://github.com/acme/base//deploy/web?ref=v1',
      { repoUrl: 'https://github.com/acme/base', path: 'deploy/web', gitRef: 'v1' },
    ],
    [
      'https://github.com/acme/base.git/deploy?ref=main',
      { repoUrl: 'https://github.com/acme/base.git', path: 'deploy', gitRef: 'main' },
    ],
    [
      'github.com/acme/base/deploy?ref=v1',
      { repoUrl: 'https://github.com/acme/base', path: 'deploy', gitRef: 'v1' },
    ],
    [
      'https://github.com/acme/base/deploy?version=v2',
      { repoUrl: 'https://github.com/acme/base', path: 'deploy', gitRef: 'v2' },
    ],
    [
      'git::https://gitlab.example.com/acme/base.git//deploy',
      { repoUrl: 'https://gitlab.example.com/acme/base.git', path: 'deploy' },
    ],
    [
      'https://dev.azure.com/acme/p/_git/base//deploy?ref=v1&timeout=2m',
      { repoUrl: 'https://dev.azure.com/acme/p/_git/base', path: 'deploy', gitRef: 'v1' },
    ],
    ['https://github.com/acme/base?ref=v1', { repoUrl: 'https://github.com/acme/base', path: '' }],
    [
      'https://raw.githubusercontent.com/acme/base/v1/deploy/crds.yaml',
      {
        repoUrl: 'https://raw.githubusercontent.com/acme/base/v1/deploy',
        path: 'crds.yaml',
        fileUrl: 'https://raw.githubusercontent.com/acme/base/v1/deploy/crds.yaml',
      },
    ],
  ])('%s', (entry, expected) => {
    expect(parseRemoteBase(entry)).toMatchObject(expected);
  });

  it.each([
    ['git@github.com:acme/base.git/deploy?ref=v1', /SSH/],
    ['ssh://git@github.com/acme/base//deploy', /SSH/],
    ['file:///etc//passwd', /file:\/\//],
    ['https://git.example.com/acme/base/deploy?ref=v1', /where the repository ends/],
    ['https://github.com/acme/base//../../x', /leaves its repository/],
    ['http://git.example.com/acme/base.git//x', /loopback/],
  ])('%s is refused', (entry, why) => {
    const parsed = parseRemoteBase(entry);
    expect('error' in parsed && parsed.error).toMatch(why);
  });

  it('the allow-list is a URL prefix at a path boundary', () => {
    const base = parseRemoteBase('https://github.com/acme/base.git//deploy?ref=v1') as Exclude<
      ReturnType<typeof parseRemoteBase>,
      { error: string }
    >;
    expect(remoteBaseAllowed(base, ['https://github.com/acme/'])).toBe(true);
    expect(remoteBaseAllowed(base, ['https://github.com/acme'])).toBe(true);
    expect(remoteBaseAllowed(base, ['https://GitHub.com/acme/base'])).toBe(true);
    expect(remoteBaseAllowed(base, ['https://github.com/acme/base-x'])).toBe(false);
    expect(remoteBaseAllowed(base, ['https://github.com/ac'])).toBe(false);
    expect(remoteBaseAllowed(base, ['https://gitlab.com/acme/'])).toBe(false);
    expect(remoteBaseAllowed(base, [])).toBe(false);
    expect(remoteBaseAllowed(base, undefined)).toBe(false);
  });
});

describe('Kustomize remote bases: fetched only from allowed hosts, never by kustomize', () => {
  let git: Awaited<ReturnType<typeof startGitServer>>;
  let cacheDir: string;
  beforeAll(async () => {
    git = await startGitServer();
    git.addRepository(
      'acme/base.git',
      {
        'deploy/web/kustomization.yaml': 'resources:\n  - deployment.yaml\n  - ../common\n',
        'deploy/web/deployment.yaml': deployment(true),
        'deploy/common/kustomization.yaml': 'resources:\n  - sa.yaml\n',
        'deploy/common/sa.yaml':
          'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: web\nautomountServiceAccountToken: false\n',
      },
      ['v1'],
    );
    cacheDir = mkdtempSync(join(tmpdir(), 'gg-remote-cache-'));
  }, 60_000);
  afterAll(() => git.close());

  const scan = (root: string, remoteBases: string[]) =>
    renderAndJudge({
      root,
      cwd: root,
      ...rules(),
      today: '2026-11-29',
      settings: { remoteBases },
      remote: { cacheDir },
    });

  const overlay = (entry: string) => ({
    'clusters/prod/kustomization.yaml': `resources:\n  - ${entry}\npatches:\n  - path: privileged.yaml\n`,
    'clusters/prod/privileged.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          securityContext:
            privileged: true
`,
  });

  it('an allowed remote base is fetched once, rendered, and its findings point at the patch or at the entry naming it', async () => {
    const root = repo(overlay(`${git.origin}/acme/base.git//deploy/web?ref=v1`));
    const before = git.requests.length;
    const first = await scan(root, [`${git.origin}/acme/`]);
    expect(first.findings.filter((f) => f.ruleId.startsWith('render-'))).toEqual([]);
    // Set by the overlay's patch: the patch line.
    expect(first.findings.find((f) => f.ruleId === 'pss-privileged')).toMatchObject({
      file: 'clusters/prod/privileged.yaml',
      line: 11,
      targets: ['clusters/prod (top overlay)'],
    });
    // Set in the remote base: the resources: entry that names it.
    expect(first.findings.find((f) => f.ruleId === 'pss-host-namespaces')).toMatchObject({
      file: 'clusters/prod/kustomization.yaml',
      line: 2,
    });
    // The remote base's own relative base (../common) came along.
    expect(first.resources.map((r) => `${r.kind}/${r.name}`).sort()).toEqual([
      'Deployment/web',
      'ServiceAccount/web',
    ]);
    const firstRequests = git.requests.length - before;
    const second = await scan(root, [`${git.origin}/acme/`]);
    expect(second.findings.find((f) => f.ruleId === 'pss-host-namespaces')).toBeDefined();
    // The second render only asks which commit v1 is (ls-remote); the commit comes from the cache.
    const secondRequests = git.requests.slice(before + firstRequests);
    expect(secondRequests.length).toBeLessThan(firstRequests);
    expect(secondRequests.filter((r) => r.startsWith('POST')).length).toBeLessThanOrEqual(1);
  }, 60_000);

  it("a remote base's own remote bases follow the same allow-list", async () => {
    git.addRepository('acme/platform.git', {
      'apps/kustomization.yaml': `resources:\n  - ${git.origin}/acme/base.git//deploy/web?ref=v1\nnamePrefix: platform-\n`,
    });
    const root = repo({
      'clusters/dev/kustomization.yaml': `resources:\n  - ${git.origin}/acme/platform.git//apps\n`,
    });
    const allowed = await scan(root, [`${git.origin}/acme/`]);
    expect(allowed.resources.map((r) => r.name).sort()).toEqual(['platform-web', 'platform-web']);
    expect(allowed.findings.find((f) => f.ruleId === 'pss-host-namespaces')).toMatchObject({
      file: 'clusters/dev/kustomization.yaml',
      line: 2,
    });
    // Only the platform repository allowed: the nested base is refused, on the entry in this repository.
    const refused = await scan(root, [`${git.origin}/acme/platform`]);
    expect(refused.findings).toContainEqual(
      expect.objectContaining({
        ruleId: 'render-refused',
        file: 'clusters/dev/kustomization.yaml',
        line: 2,
        message: expect.stringContaining('render.remoteBases does not allow'),
      }),
    );
  }, 60_000);

  it('a host that is not allowed: render-refused as before, and nothing is requested', async () => {
    const root = repo(overlay(`${git.origin}/acme/base.git//deploy/web?ref=v1`));
    const before = git.requests.length;
    const result = await scan(root, ['https://github.com/acme/']);
    expect(result.findings.filter((f) => f.ruleId.startsWith('render-'))).toEqual([
      expect.objectContaining({
        ruleId: 'render-refused',
        file: 'clusters/prod/kustomization.yaml',
        line: 2,
        message: expect.stringContaining(`render.remoteBases does not allow ${git.origin}/acme/base.git`),
      }),
    ]);
    expect(git.requests.length).toBe(before);
  }, 60_000);

  it('an allowed host that cannot be reached, or a ref that does not exist: a note on the entry', async () => {
    const unreachable = await scan(repo(overlay('http://127.0.0.1:9/acme/base.git//deploy/web?ref=v1')), [
      'http://127.0.0.1:9/acme/',
    ]);
    expect(unreachable.findings).toContainEqual(
      expect.objectContaining({
        ruleId: 'render-note',
        file: 'clusters/prod/kustomization.yaml',
        line: 2,
        message: expect.stringMatching(/Not rendered, because remote base .* git ls-remote .* failed/),
      }),
    );
    const missing = await scan(repo(overlay(`${git.origin}/acme/base.git//deploy/web?ref=v9`)), [
      `${git.origin}/acme/`,
    ]);
    expect(missing.findings).toContainEqual(
      expect.objectContaining({
        ruleId: 'render-note',
        line: 2,
        message: expect.stringContaining('has no branch or tag v9'),
      }),
    );
  }, 60_000);

  it('a remote file (one YAML file by URL): fetched only when allowed, its findings on the entry', async () => {
    const requests: string[] = [];
    const server = createServer((req, res) => {
      requests.push(req.url ?? '');
      if (req.url === '/acme/manifests/v1/web.yaml') res.end(deployment(true));
      else res.writeHead(404).end();
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    try {
      const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const root = repo(overlay(`${origin}/acme/manifests/v1/web.yaml`));
      const allowed = await scan(root, [`${origin}/acme/`]);
      expect(allowed.findings.filter((f) => f.ruleId.startsWith('render-'))).toEqual([]);
      expect(allowed.findings.find((f) => f.ruleId === 'pss-host-namespaces')).toMatchObject({
        file: 'clusters/prod/kustomization.yaml',
        line: 2,
      });
      expect(allowed.findings.find((f) => f.ruleId === 'pss-privileged')).toMatchObject({
        file: 'clusters/prod/privileged.yaml',
      });
      expect(requests).toEqual(['/acme/manifests/v1/web.yaml']);
      const refused = await scan(root, [`${origin}/other/`]);
      expect(refused.findings).toContainEqual(
        expect.objectContaining({
          ruleId: 'render-refused',
          line: 2,
          message: expect.stringContaining('Remote file'),
        }),
      );
      const missing = await scan(repo(overlay(`${origin}/acme/manifests/v1/gone.yaml`)), [`${origin}/acme/`]);
      expect(missing.findings).toContainEqual(
        expect.objectContaining({
          ruleId: 'render-note',
          line: 2,
          message: expect.stringContaining('gone.yaml answered 404'),
        }),
      );
      expect(requests).toHaveLength(2);
    } finally {
      server.close();
    }
  }, 60_000);

  it('diff: base and head both render the remote base; a patch the change adds is introduced at its line, the base finding is existing', async () => {
    const files = {
      '.github/gitops-guard.yml': `render:\n  remoteBases: ['${git.origin}/acme/']\n`,
      'clusters/prod/kustomization.yaml': `resources:\n  - ${git.origin}/acme/base.git//deploy/web?ref=v1\n`,
    };
    const dir = newRepo(files);
    const base = gitIn(dir, 'rev-parse', 'HEAD').trim();
    commit(dir, overlay(`${git.origin}/acme/base.git//deploy/web?ref=v1`));
    const result = await cli(['diff', '--base', base, '--head', 'HEAD', '--format', 'json'], dir);
    const findings = (JSON.parse(result.stdout) as { findings: JsonFinding[] }).findings;
    const show = findings.map((f) => `${f.status} ${f.ruleId} ${f.file}:${f.line}`);
    expect(show).toContain('introduced pss-privileged clusters/prod/privileged.yaml:11');
    expect(show).toContain('existing pss-host-namespaces clusters/prod/kustomization.yaml:2');
    expect(show.filter((f) => f.includes('render-'))).toEqual([]);
  }, 60_000);
});
