import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAll } from 'js-yaml';
import { resolveConfig } from '../../src/config/resolve.js';
import { builtinPacksDir, loadPacks } from '../../src/cli/load-config.js';
import { builtinRules } from '../../src/rules/index.js';
import { bundledRenderer, diskRepo, renderAndJudge, renderRepository } from '../../src/render/index.js';
import { hardenedDeployment as hardened } from './hardened-deployment.js';

// The real kubectl 1.35 (kustomize 5.7) of the devDependency, never the machine's.
const renderer = bundledRenderer()!;
const corpus = join(import.meta.dirname, '..', '..', '..', 'shared', 'corpus');
const corpusDir = [join(corpus), '/work/shared/corpus'].find((d) => {
  try {
    return diskRepo(d).paths.size > 0;
  } catch {
    return false;
  }
})!;

function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'gg-render-test-'));
  for (const [name, text] of Object.entries(files)) {
    if (text === undefined) continue;
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const stripOrigin = (docs: unknown[]) =>
  docs.filter(Boolean).map((d) => {
    const o = structuredClone(d) as { metadata?: { annotations?: Record<string, string> } };
    if (o.metadata?.annotations) {
      delete o.metadata.annotations['config.kubernetes.io/origin'];
      if (Object.keys(o.metadata.annotations).length === 0) delete o.metadata.annotations;
    }
    return o;
  });

const settings = () => {
  const resolved = resolveConfig(builtinRules, loadPacks(builtinPacksDir()).packs, {});
  return { rules: resolved.rules, options: resolved.options };
};

describe('rendering equals kustomize build on the corpus', () => {
  for (const name of [
    'fluxcd__flux2-kustomize-helm-example',
    'fluxcd__flux2-multi-tenancy',
    'GoogleCloudPlatform__microservices-demo',
  ]) {
    it(
      name,
      async () => {
        const root = join(corpusDir, name);
        // Helm targets are compared with helm template in helm.test.ts.
        const outputs = (await renderRepository(diskRepo(root), renderer)).filter((o) => !o.target.helm);
        expect(outputs.length).toBeGreaterThan(0);
        for (const o of outputs) {
          expect(o.failure).toBeUndefined();
          const direct = execFileSync(renderer.path, ['kustomize', join(root, o.target.dir)], {
            encoding: 'utf8',
            maxBuffer: 64 << 20,
          });
          expect(stripOrigin(loadAll(o.output!))).toEqual(loadAll(direct).filter(Boolean));
        }
      },
      120_000,
    );
  }
});

async function judge(root: string, limits?: Parameters<typeof renderAndJudge>[0]['limits']) {
  return renderAndJudge({ root, cwd: root, ...settings(), today: '2026-01-01', renderer, limits });
}

describe('each finding points at the line that set the field', () => {
  const dir = repo({
    'base/deployment.yaml': hardened(),
    'base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
    'overlays/prod/kustomization.yaml': [
      'resources:',
      '  - ../../base',
      'patches:',
      '  - path: privileged.yaml',
      '  - target: {kind: Deployment, name: web}',
      '    patch: |-',
      '      - op: add',
      '        path: /spec/template/spec/hostNetwork',
      '        value: true',
      'images:',
      '  - name: registry.example.com/web',
      '    newTag: latest',
      '',
    ].join('\n'),
    'overlays/prod/privileged.yaml':
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          securityContext:\n            privileged: true\n',
    'clusters/prod/sync.yaml': [
      'apiVersion: source.toolkit.fluxcd.io/v1',
      'kind: GitRepository',
      'metadata: {name: flux-system, namespace: flux-system}',
      'spec: {url: https://example.com/repo.git, interval: 1m}',
      '---',
      'apiVersion: kustomize.toolkit.fluxcd.io/v1',
      'kind: Kustomization',
      'metadata: {name: web, namespace: flux-system}',
      'spec:',
      '  path: ./overlays/prod',
      '  sourceRef: {kind: GitRepository, name: flux-system}',
      '  targetNamespace: prod',
      '  patches:',
      '    - target: {kind: Deployment}',
      '      patch: |',
      '        apiVersion: apps/v1',
      '        kind: Deployment',
      '        metadata:',
      '          name: web',
      '        spec:',
      '          template:',
      '            spec:',
      '              hostPID: true',
      '',
    ].join('\n'),
  });

  it('strategic merge patch, JSON 6902 patch, images:, Flux patch and the base each at their own line', async () => {
    const { findings, targets } = await judge(dir);
    expect(targets).toEqual(['overlays/prod (Flux Kustomization flux-system/web)']);
    const at = (ruleId: string, re?: RegExp) =>
      findings
        .filter((f) => f.ruleId === ruleId && (!re || re.test(f.message)))
        .map((f) => `${f.file}:${f.line}`);
    expect(at('pss-privileged')).toEqual(['overlays/prod/privileged.yaml:11']);
    expect(at('pss-host-namespaces', /network/)).toEqual(['overlays/prod/kustomization.yaml:9']);
    expect(at('pss-host-namespaces', /PID/)).toEqual(['clusters/prod/sync.yaml:23']);
    expect(at('workload-image-tag')).toEqual(['overlays/prod/kustomization.yaml:12']);
    expect(
      findings.every((f) => f.targets?.[0] === 'overlays/prod (Flux Kustomization flux-system/web)'),
    ).toBe(true);
    expect(findings.find((f) => f.ruleId === 'pss-privileged')!.message).toContain(
      '(in overlays/prod (Flux Kustomization flux-system/web))',
    );
  }, 60_000);

  it('the base line when nothing overrides the field, and one finding for several targets', async () => {
    const two = repo({
      'base/deployment.yaml': hardened().replace(
        'readOnlyRootFilesystem: true',
        'readOnlyRootFilesystem: false',
      ),
      'base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
      'staging/kustomization.yaml': 'resources:\n  - ../base\n',
      'prod/kustomization.yaml': 'resources:\n  - ../base\n',
    });
    const { findings } = await judge(two);
    const ro = findings.filter((f) => f.ruleId === 'workload-readonly-root-filesystem');
    expect(ro.map((f) => `${f.file}:${f.line}`)).toEqual(['base/deployment.yaml:22']);
    expect(ro[0]!.targets).toEqual(['prod (top overlay)', 'staging (top overlay)']);
  }, 60_000);
});

describe('hostile input: each a finding, nothing escapes, nothing hangs', () => {
  const only = async (
    files: Record<string, string>,
    setup?: (dir: string) => void,
    limits?: Parameters<typeof judge>[1],
  ) => {
    const dir = repo(files);
    setup?.(dir);
    return (await judge(dir, limits)).findings.filter((f) => f.ruleId.startsWith('render-'));
  };

  it('a symlink out of the repository is refused', async () => {
    const outside = repo({
      'secret.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: stolen}\ndata: {k: v}\n',
    });
    const found = await only({ 'app/kustomization.yaml': 'resources:\n  - cm.yaml\n' }, (dir) =>
      symlinkSync(join(outside, 'secret.yaml'), join(dir, 'app', 'cm.yaml')),
    );
    expect(found.map((f) => f.ruleId)).toEqual(['render-refused']);
    expect(found[0]!.message).toMatch(/symbolic link/);
  }, 30_000);

  it('a remote base is not fetched', async () => {
    const found = await only({
      'app/kustomization.yaml':
        'resources:\n  - https://github.com/kubernetes-sigs/kustomize//examples/helloWorld?ref=v5.0.0\n',
    });
    expect(found.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual([
      'render-refused app/kustomization.yaml:2',
    ]);
  }, 30_000);

  it('an exec plugin is not run', async () => {
    const marker = join(tmpdir(), `gg-exec-ran-${process.pid}`);
    const found = await only({
      'app/kustomization.yaml': 'generators:\n  - gen.yaml\n',
      'app/gen.yaml': `apiVersion: example.com/v1\nkind: Evil\nmetadata:\n  name: evil\n  annotations:\n    config.kubernetes.io/function: |\n      exec:\n        path: /bin/touch\n        args: ["${marker}"]\n`,
    });
    expect(found.map((f) => f.ruleId)).toEqual(['render-failed']);
    expect(() => execFileSync('test', ['-e', marker])).toThrow();
  }, 30_000);

  it('cyclic and endlessly deep includes stop with a finding', async () => {
    const cyclic = await only({
      'a/kustomization.yaml': 'resources:\n  - ../b\n',
      'b/kustomization.yaml': 'resources:\n  - ../a\n',
      'top/kustomization.yaml': 'resources:\n  - ../a\n',
    });
    expect(cyclic.some((f) => f.ruleId === 'render-refused' && /Cyclic/.test(f.message))).toBe(true);
    const deep: Record<string, string> = { 'd0/kustomization.yaml': 'resources:\n  - ../d1\n' };
    for (let i = 1; i < 40; i++) deep[`d${i}/kustomization.yaml`] = `resources:\n  - ../d${i + 1}\n`;
    deep['d40/kustomization.yaml'] = 'resources: []\n';
    const found = await only(deep);
    expect(found.some((f) => f.ruleId === 'render-limit' && /deeper/.test(f.message))).toBe(true);
  }, 30_000);

  it('a huge generator hits the output limit', async () => {
    const big = 'x'.repeat(1024 * 1024);
    const files: Record<string, string> = {
      'app/kustomization.yaml':
        'configMapGenerator:\n' +
        Array.from({ length: 8 }, (_, i) => `  - name: g${i}\n    files: [big.txt]\n`).join(''),
    };
    files['app/big.txt'] = big;
    const found = await only(files, undefined, { maxOutputBytes: 4 * 1024 * 1024 });
    expect(found.map((f) => f.ruleId)).toEqual(['render-limit']);
    expect(found[0]!.message).toMatch(/more than 4194304 bytes/);
    const slow = await only(files, undefined, { timeoutMs: 50 });
    expect(slow.map((f) => f.ruleId)).toEqual(['render-limit']);
    expect(slow[0]!.message).toMatch(/longer than 0.05 s/);
  }, 60_000);
});

describe('gitops-guard scan renders by default', () => {
  const cli = async (args: string[]) => {
    let stdout = '';
    const { runCli } = await import('../../src/cli/run-cli.js');
    await import('../../src/cli/commands.js');
    const code = await runCli(args, {
      stdout: (t) => (stdout += t),
      stderr: () => {},
      cwd: process.cwd(),
      isTTY: false,
      stderrIsTTY: false,
      today: '2026-06-01',
    });
    return { code, stdout };
  };

  it("shows the example overlay's privileged patch at the patch line, with its target, in text and JSON", async () => {
    const text = await cli(['scan', 'examples']);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(
      /examples\/apps\/prod\/debug-patch\.yaml\n\s+11:13\s+critical\s+Container "checkout" runs privileged\. \(in apps\/prod \(top overlay\)\)/,
    );
    const json = JSON.parse((await cli(['scan', 'examples', '--format', 'json'])).stdout) as {
      findings: Array<{ ruleId: string; file: string; line: number; targets?: string[] }>;
    };
    const privileged = json.findings.find((f) => f.file === 'examples/apps/prod/debug-patch.yaml')!;
    expect(privileged).toMatchObject({
      ruleId: 'pss-privileged',
      line: 11,
      targets: ['apps/prod (top overlay)'],
    });
  }, 60_000);

  it('--no-render judges the files as they are (a patch is partial, so its privileged line is a raw finding without target)', async () => {
    const json = JSON.parse((await cli(['scan', 'examples', '--format', 'json', '--no-render'])).stdout) as {
      findings: Array<{ file: string; targets?: string[] }>;
    };
    expect(json.findings.some((f) => f.targets)).toBe(false);
  }, 60_000);
});

describe('the change, rendered: targets on base and head compared by fingerprint', () => {
  const base = {
    'base/deployment.yaml': hardened(),
    'base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
    'prod/kustomization.yaml': 'resources:\n  - ../base\n',
    'staging/kustomization.yaml': 'resources:\n  - ../base\n',
  };
  const change = async (headFiles: Record<string, string>) => {
    const { judgeRenderedChange, affectedTargets, discoverTargets, repositoryResources } =
      await import('../../src/render/index.js');
    const b = diskRepo(repo(base));
    const h = diskRepo(repo(headFiles));
    const changed = [...new Set([...b.paths, ...h.paths])].filter((p) => b.read(p) !== h.read(p));
    const affected = affectedTargets(discoverTargets(h, repositoryResources(h)), changed).map((t) => t.label);
    const only = (t: { label: string }) => affected.includes(t.label);
    const { rules, options } = settings();
    const result = judgeRenderedChange(
      { outputs: await renderRepository(b, renderer, { only }), read: (p) => b.read(p) },
      { outputs: await renderRepository(h, renderer, { only }), read: (p) => h.read(p) },
      rules,
      options,
    );
    return { affected, findings: result.findings.filter((f) => f.status !== 'existing') };
  };

  it('a patch added to one overlay: introduced at the patch line, only that target rendered', async () => {
    const { affected, findings } = await change({
      ...base,
      'prod/kustomization.yaml': 'resources:\n  - ../base\npatches:\n  - path: debug.yaml\n',
      'prod/debug.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          securityContext:\n            privileged: true\n',
    });
    expect(affected).toEqual(['prod (top overlay)']);
    expect(
      findings.map((f) => `${f.status} ${f.ruleId} ${f.file}:${f.line} ${f.targets!.join(',')}`),
    ).toEqual(['introduced pss-privileged prod/debug.yaml:11 prod (top overlay)']);
  }, 60_000);

  it('a base edit reaches every target: one introduced finding at the base line naming both', async () => {
    const { affected, findings } = await change({
      ...base,
      'base/deployment.yaml': hardened().replace(
        'readOnlyRootFilesystem: true',
        'readOnlyRootFilesystem: false',
      ),
    });
    expect(affected.sort()).toEqual(['prod (top overlay)', 'staging (top overlay)']);
    expect(findings.map((f) => `${f.status} ${f.ruleId} ${f.file}:${f.line}`)).toEqual([
      'introduced workload-readonly-root-filesystem base/deployment.yaml:22',
    ]);
    expect(findings[0]!.targets).toEqual(['prod (top overlay)', 'staging (top overlay)']);
  }, 60_000);

  it('moving the base file without changing what is rendered introduces nothing', async () => {
    const { findings } = await change({
      ...base,
      'base/deployment.yaml': undefined as never,
      'base/web.yaml': hardened(),
      'base/kustomization.yaml': 'resources:\n  - web.yaml\n',
    });
    expect(findings).toEqual([]);
  }, 60_000);
});
