import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../../src/config/resolve.js';
import { builtinPacksDir, loadPacks } from '../../src/cli/load-config.js';
import { builtinRules } from '../../src/rules/index.js';
import { bundledRenderer, renderAndJudge } from '../../src/render/index.js';
import { startOciRegistry } from '../helpers/oci-registry.js';

// Charts of OCI registries: a registry served from 127.0.0.1 by the test, the bundled helm 4.
const renderer = bundledRenderer()!;

function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'gg-helm-oci-test-'));
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

const template = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
  namespace: {{ .Release.Namespace }}
spec:
  selector:
    matchLabels: {app: podinfo}
  template:
    metadata:
      labels: {app: podinfo}
    spec:
      hostNetwork: {{ .Values.hostNetwork }}
      automountServiceAccountToken: false
      containers:
        - name: podinfo
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          securityContext:
            {{- toYaml .Values.securityContext | nindent 12 }}
`;

/** A chart archive made by the bundled helm (`helm package`). */
function packageChart(version: string): Buffer {
  const build = repo({
    'podinfo/Chart.yaml': `apiVersion: v2\nname: podinfo\nversion: ${version}\n`,
    'podinfo/values.yaml': `image: {repository: ghcr.io/stefanprodan/podinfo, tag: "${version}"}\nhostNetwork: false\nsecurityContext: {}\n`,
    'podinfo/templates/deploy.yaml': template,
  });
  execFileSync(renderer.helm!.path, ['package', join(build, 'podinfo'), '-d', build], {
    env: { HOME: build, PATH: '' },
  });
  return readFileSync(join(build, `podinfo-${version}.tgz`));
}

const helmRepository = (url: string) => `apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata:
  name: charts
  namespace: apps
spec:
  type: oci
  url: ${url}
`;

const releaseOf = (chart: string) => `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: podinfo
  namespace: apps
spec:
${chart}
  values:
    securityContext:
      privileged: true
`;

const viaHelmRepository = releaseOf(`  chart:
    spec:
      chart: podinfo
      version: ">=6.0.0 <7.0.0"
      sourceRef:
        kind: HelmRepository
        name: charts`);

describe('Helm: charts from OCI registries, only from allowed registries', () => {
  let registry: Awaited<ReturnType<typeof startOciRegistry>>;
  let cacheDir: string;
  beforeAll(async () => {
    registry = await startOciRegistry();
    for (const version of ['5.9.0', '6.1.0', '6.2.0', '7.0.0']) {
      const archive = packageChart(version);
      registry.putChart('charts/podinfo', version, archive, { name: 'podinfo', version, apiVersion: 'v2' });
    }
    cacheDir = mkdtempSync(join(tmpdir(), 'gg-oci-cache-'));
  }, 60_000);
  afterAll(() => registry.close());

  const scan = (root: string, repositories: string[]) =>
    renderAndJudge({
      root,
      cwd: root,
      ...rules(),
      today: '2026-11-29',
      settings: { helm: { repositories } },
      remote: { cacheDir },
    });

  it('a HelmRepository of type oci: the newest matching tag is pulled once, rendered and judged at the values line', async () => {
    const url = `oci://${registry.host}/charts`;
    const root = repo({ 'apps/podinfo.yaml': `${viaHelmRepository}---\n${helmRepository(url)}` });
    const before = registry.requests.length;
    const first = await scan(root, [`http://${registry.host}/charts`]);
    const label = `chart podinfo >=6.0.0 <7.0.0 from ${url} via HelmRelease apps/podinfo`;
    expect(first.findings.find((f) => f.ruleId === 'pss-privileged')).toMatchObject({
      severity: 'critical',
      file: 'apps/podinfo.yaml',
      line: 16,
      targets: [label],
    });
    const deployment = first.resources.find((r) => r.kind === 'Deployment');
    expect(deployment?.name).toBe('podinfo');
    expect(JSON.stringify(deployment?.object)).toContain('podinfo:6.2.0');
    const second = await scan(root, [`http://${registry.host}/charts`]);
    expect(second.findings.find((f) => f.ruleId === 'pss-privileged')).toBeDefined();
    const blobGets = registry.requests
      .slice(before)
      .filter((r) => r.startsWith('GET /v2/charts/podinfo/blobs/'));
    expect(blobGets).toHaveLength(1);
  }, 60_000);

  it('an OCIRepository by chartRef: by tag, by semver range and by digest (the digest checked)', async () => {
    const ociRepository = (ref: string) => `apiVersion: source.toolkit.fluxcd.io/v1
kind: OCIRepository
metadata:
  name: podinfo
  namespace: apps
spec:
  url: oci://${registry.host}/charts/podinfo
  layerSelector:
    mediaType: application/vnd.cncf.helm.chart.content.v1.tar+gzip
  ref:
    ${ref}
`;
    const release = releaseOf(`  chartRef:
    kind: OCIRepository
    name: podinfo`);
    const digest = registry.putChart('charts/podinfo', '6.1.0-pinned', packageChart('6.1.0'), {
      name: 'podinfo',
      version: '6.1.0',
    });
    const image = async (ref: string) => {
      const root = repo({ 'apps/podinfo.yaml': `${release}---\n${ociRepository(ref)}` });
      const result = await scan(root, [`http://${registry.host}/charts`]);
      expect(result.findings.find((f) => f.ruleId === 'pss-privileged')).toMatchObject({
        file: 'apps/podinfo.yaml',
        line: 12,
      });
      return JSON.stringify(result.resources.find((r) => r.kind === 'Deployment')?.object).match(
        /podinfo:([\d.]+)/,
      )?.[1];
    };
    expect(await image('tag: 5.9.0')).toBe('5.9.0');
    expect(await image('semver: "~6.1"')).toBe('6.1.0');
    expect(await image(`digest: ${digest}`)).toBe('6.1.0');
    // A digest the registry does not hold: a note, not a pass.
    const root = repo({
      'apps/podinfo.yaml': `${release}---\n${ociRepository(`digest: sha256:${'0'.repeat(64)}`)}`,
    });
    const result = await scan(root, [`http://${registry.host}/charts`]);
    expect(result.findings).toContainEqual(
      expect.objectContaining({
        ruleId: 'render-note',
        line: 7,
        message: expect.stringContaining('Not rendered, because'),
      }),
    );
  }, 60_000);

  it('an Argo CD chart source of an OCI registry (no scheme) at a targetRevision range', async () => {
    const root = repo({
      'apps/podinfo.yaml': `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: podinfo
  namespace: argocd
spec:
  destination:
    namespace: web
  source:
    repoURL: ${registry.host}/charts
    chart: podinfo
    targetRevision: 6.*
    helm:
      valuesObject:
        hostNetwork: true
`,
    });
    const result = await scan(root, [`http://${registry.host}/charts`]);
    expect(result.findings.find((f) => f.ruleId === 'pss-host-namespaces')).toMatchObject({
      file: 'apps/podinfo.yaml',
      line: 15,
      targets: [
        `chart podinfo 6.* from oci://${registry.host}/charts via Argo CD Application argocd/podinfo`,
      ],
    });
    const deployment = result.resources.find((r) => r.kind === 'Deployment');
    expect(deployment).toMatchObject({ name: 'podinfo', namespace: 'web' });
    expect(JSON.stringify(deployment?.object)).toContain('podinfo:6.2.0');
  }, 60_000);

  it('a registry that is not allowed: a note naming it, and nothing is requested', async () => {
    const url = `oci://${registry.host}/charts`;
    const root = repo({ 'apps/podinfo.yaml': `${viaHelmRepository}---\n${helmRepository(url)}` });
    const before = registry.requests.length;
    // https://127.0.0.1 would allow it over HTTPS only; another path of the same host allows nothing here.
    const result = await scan(root, [`oci://${registry.host}/other`, 'oci://ghcr.io/acme']);
    expect(result.findings).toContainEqual(
      expect.objectContaining({
        ruleId: 'render-note',
        file: 'apps/podinfo.yaml',
        line: 7,
        message: expect.stringContaining(
          `Not rendered, because its chart podinfo comes from HelmRepository apps/charts (${url}), which is not in render.helm.repositories`,
        ),
      }),
    );
    expect(registry.requests.length).toBe(before);
  }, 60_000);

  it('plain HTTP only for a loopback registry allowed with http://', async () => {
    const { ociChartAllowed } = await import('../../src/render/plan/chart-source.js');
    expect(ociChartAllowed('oci://registry.acme.io/charts/api', ['http://registry.acme.io/charts'])).toBe(
      undefined,
    );
    expect(
      ociChartAllowed('oci://registry.acme.io/charts/api', ['oci://registry.acme.io/charts']),
    ).toMatchObject({
      plainHttp: false,
      registry: 'registry.acme.io',
      repository: 'charts/api',
    });
    expect(ociChartAllowed('oci://registry.acme.io/chartsx/api', ['oci://registry.acme.io/charts'])).toBe(
      undefined,
    );
    expect(ociChartAllowed('oci://registry.acme.io/charts/../x', ['oci://registry.acme.io/charts'])).toBe(
      undefined,
    );
    expect(
      ociChartAllowed('oci://127.0.0.1:5000/charts/api', ['http://127.0.0.1:5000/charts']),
    ).toMatchObject({
      plainHttp: true,
    });
  });

  it('an allowed registry that cannot be reached: a note saying so', async () => {
    const root = repo({
      'apps/podinfo.yaml': `${viaHelmRepository}---\n${helmRepository('oci://127.0.0.1:9/charts')}`,
    });
    const result = await scan(root, ['http://127.0.0.1:9/charts']);
    expect(result.findings).toContainEqual(
      expect.objectContaining({
        ruleId: 'render-note',
        line: 7,
        message: expect.stringMatching(
          /Not rendered, because http:\/\/127\.0\.0\.1:9\/v2\/charts\/podinfo\/tags\/list cannot be reached/,
        ),
      }),
    );
  }, 60_000);

  it('a private registry that needs credentials: a note, and no credentials are ever sent', async () => {
    const closed = await startOciRegistry({ private: true });
    try {
      const url = `oci://${closed.host}/charts`;
      const root = repo({ 'apps/podinfo.yaml': `${viaHelmRepository}---\n${helmRepository(url)}` });
      const result = await scan(root, [`http://${closed.host}/charts`]);
      expect(result.findings).toContainEqual(
        expect.objectContaining({
          ruleId: 'render-note',
          line: 7,
          message: expect.stringContaining(
            `${url}/podinfo needs credentials, and gitops-guard never uses registry credentials`,
          ),
        }),
      );
      expect(closed.requests).toEqual(['GET /v2/charts/podinfo/tags/list', 'GET /token']);
    } finally {
      await closed.close();
    }
  }, 60_000);

  it('a public registry with anonymous tokens, paged tags and blobs redirected to storage (as ghcr.io serves them)', async () => {
    const open = await startOciRegistry({ anonymousToken: true, redirectBlobs: true, tagsPerPage: 2 });
    try {
      // The newest match is on the last of three pages of tags.
      for (const version of ['5.0.0', '5.1.0', '6.0.0-rc.1', '6.0.1', '7.0.0'])
        open.putChart('charts/podinfo', version, packageChart(version), { name: 'podinfo', version });
      const url = `oci://${open.host}/charts`;
      const root = repo({ 'apps/podinfo.yaml': `${viaHelmRepository}---\n${helmRepository(url)}` });
      const result = await scan(root, [`http://${open.host}/charts`]);
      expect(result.findings.find((f) => f.ruleId === 'pss-privileged')).toMatchObject({ line: 16 });
      expect(open.requests).toContain('GET /token');
      expect(open.requests.filter((r) => r === 'GET /v2/charts/podinfo/tags/list')).toHaveLength(4);
      expect(JSON.stringify(result.resources.find((r) => r.kind === 'Deployment')?.object)).toContain(
        'podinfo:6.0.1',
      );
      expect(open.requests.some((r) => r.startsWith('GET /storage/sha256:'))).toBe(true);
    } finally {
      await open.close();
    }
  }, 60_000);

  it('the test registry speaks enough of the distribution API for the real helm to push and pull', async () => {
    const work = repo({});
    const archive = join(work, 'podinfo-6.3.0.tgz');
    writeFileSync(archive, packageChart('6.3.0'));
    const env = {
      HOME: work,
      PATH: '',
      HELM_CONFIG_HOME: join(work, 'config'),
      HELM_CACHE_HOME: join(work, 'cache'),
    };
    // Asynchronously: the registry answers from this process.
    await promisify(execFile)(
      renderer.helm!.path,
      ['push', archive, `oci://${registry.host}/pushed`, '--plain-http'],
      {
        env,
      },
    );
    const root = repo({
      'apps/podinfo.yaml': `${viaHelmRepository.replace('>=6.0.0 <7.0.0', '6.3.0')}---\n${helmRepository(`oci://${registry.host}/pushed`)}`,
    });
    const result = await scan(root, [`http://${registry.host}/pushed`]);
    expect(JSON.stringify(result.resources.find((r) => r.kind === 'Deployment')?.object)).toContain(
      'podinfo:6.3.0',
    );
  }, 60_000);

  it('an Argo CD chart source of an HTTP(S) chart repository, pulled as for Flux', async () => {
    const archive = packageChart('6.2.0');
    const digest = createHash('sha256').update(archive).digest('hex');
    const server = createServer((req, res) => {
      if (req.url === '/charts/index.yaml')
        res.end(
          `apiVersion: v1\nentries:\n  podinfo:\n    - {name: podinfo, version: 6.2.0, urls: [podinfo-6.2.0.tgz], digest: ${digest}}\n`,
        );
      else if (req.url === '/charts/podinfo-6.2.0.tgz') res.end(archive);
      else res.writeHead(404).end();
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/charts`;
      const root = repo({
        'apps/podinfo.yaml': `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: podinfo
  namespace: argocd
spec:
  source:
    repoURL: ${url}
    chart: podinfo
    targetRevision: 6.2.0
    helm:
      parameters:
        - name: hostNetwork
          value: "true"
`,
      });
      const result = await scan(root, [url]);
      expect(result.findings.find((f) => f.ruleId === 'pss-host-namespaces')).toMatchObject({
        file: 'apps/podinfo.yaml',
        line: 14,
        targets: [`chart podinfo 6.2.0 from ${url} via Argo CD Application argocd/podinfo`],
      });
      // Not allowed: the note, as before.
      const refused = await scan(root, []);
      expect(refused.findings).toContainEqual(
        expect.objectContaining({
          ruleId: 'render-note',
          line: 9,
          message: expect.stringContaining('which is not in render.helm.repositories'),
        }),
      );
    } finally {
      server.close();
    }
  }, 60_000);
});
