import { describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveConfig } from '../../src/config/resolve.js';
import { builtinPacksDir, loadPacks } from '../../src/cli/load-config.js';
import { builtinRules } from '../../src/rules/index.js';
import { renderAndJudge } from '../../src/render/index.js';
import { CHART, FLUX_SYSTEM, release, SAFE_VALUES } from './helm-change-fixtures.js';

/**
 * What a HelmRelease deploys beyond its chart and values: `postRenderers` (kustomize patches and
 * images on the rendered output) and, for a release inside a Kustomize target, the target's own
 * transformations (an overlay patching its values, generated valuesFrom ConfigMaps). Real helm and
 * kubectl of the bundled layer.
 */

function repo(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'gg-helm-sources-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const scan = (root: string) => {
  const resolved = resolveConfig(builtinRules, loadPacks(builtinPacksDir()).packs, {});
  return renderAndJudge({
    root,
    cwd: root,
    rules: resolved.rules,
    options: resolved.options,
    today: '2026-11-29',
  });
};

const show = (f: { ruleId: string; file: string; line: number }) => `${f.ruleId} ${f.file}:${f.line}`;

describe('HelmRelease postRenderers', () => {
  it('a post-renderer patch and images entry are applied with kustomize; their findings point at their lines in the HelmRelease', async () => {
    const root = repo({
      ...CHART,
      'clusters/prod/flux-system/gotk-sync.yaml': FLUX_SYSTEM,
      'clusters/prod/api.yaml': `${release(SAFE_VALUES)}  postRenderers:
    - kustomize:
        patches:
          - target:
              kind: Deployment
            patch: |
              - op: add
                path: /spec/template/spec/hostPID
                value: true
        images:
          - name: ghcr.io/acme/api
            newTag: latest
`,
    });
    const result = await scan(root);
    const found = result.findings.filter((f) => f.targets?.some((t) => t.includes('HelmRelease apps/api')));
    const lines = found.map(show);
    // Line 29: `value: true` of the JSON 6902 op; line 32: the images entry's newTag.
    expect(lines).toContain('pss-host-namespaces clusters/prod/api.yaml:29');
    expect(lines).toContain('workload-image-tag clusters/prod/api.yaml:32');
    // The rendered resources are the post-rendered ones, our bookkeeping annotation removed.
    const deployment = result.resources.find((r) => r.kind === 'Deployment' && r.name === 'api');
    expect(deployment?.object).toMatchObject({ spec: { template: { spec: { hostPID: true } } } });
    expect(JSON.stringify(deployment?.object)).not.toContain('gitops-guard.dev/helm-source');
    // Fields the post-renderer did not touch still point at the values (hostNetwork at its values line).
    expect(found.filter((f) => f.ruleId === 'pss-privileged')).toEqual([]);
  }, 120_000);

  it('a post-renderer that kustomize refuses is a render-failed finding with its message', async () => {
    const root = repo({
      ...CHART,
      'clusters/prod/flux-system/gotk-sync.yaml': FLUX_SYSTEM,
      'clusters/prod/api.yaml': `${release(SAFE_VALUES)}  postRenderers:
    - kustomize:
        patches:
          - target:
              kind: Deployment
            patch: |
              - op: replace
                path: /spec/does/not/exist
                value: 1
`,
    });
    const result = await scan(root);
    const failed = result.findings.find((f) => f.ruleId === 'render-failed');
    expect(failed?.file).toBe('clusters/prod/api.yaml');
    expect(failed?.message).toContain('postRenderers[0]');
  }, 120_000);
});

const BASE_RELEASE = {
  ...CHART,
  'clusters/prod/flux-system/gotk-sync.yaml': FLUX_SYSTEM,
  'apps/base/api/kustomization.yaml': 'resources:\n  - release.yaml\n',
  'apps/base/api/release.yaml': release(SAFE_VALUES),
};
const VALUES_PATCH = `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: api
  namespace: apps
spec:
  values:
    hostNetwork: true
`;
const IN_PROD = 'chart charts/api via HelmRelease apps/api in apps/prod (top overlay)';

describe('a HelmRelease inside a Kustomize target is judged as that target deploys it', () => {
  it("an overlay's patch of the release's values: the finding points at the patch line, in that target", async () => {
    const root = repo({
      ...BASE_RELEASE,
      'apps/prod/kustomization.yaml': 'resources:\n  - ../base/api\npatches:\n  - path: values-patch.yaml\n',
      'apps/prod/values-patch.yaml': VALUES_PATCH,
    });
    const result = await scan(root);
    const helm = result.findings.filter((f) => f.targets?.some((t) => t.includes('via HelmRelease')));
    expect(helm.filter((f) => f.ruleId === 'pss-host-namespaces').map(show)).toEqual([
      'pss-host-namespaces apps/prod/values-patch.yaml:8',
    ]);
    // Rendered from the overlay's HelmRelease only, never from the base file alone.
    expect([...new Set(helm.flatMap((f) => f.targets ?? []))]).toEqual([IN_PROD]);
    // A value the overlay does not touch still points at the base file's line, with its suggestion.
    const tag = helm.find((f) => f.ruleId === 'pss-privileged');
    expect(tag).toBeUndefined();
  }, 120_000);

  it('a value the overlay does not touch points at the base file line, with its suggestion', async () => {
    const root = repo({
      ...BASE_RELEASE,
      'apps/base/api/release.yaml': release(SAFE_VALUES.replace('hostNetwork: false', 'hostNetwork: true')),
      'apps/prod/kustomization.yaml': 'resources:\n  - ../base/api\npatches:\n  - path: values-patch.yaml\n',
      'apps/prod/values-patch.yaml': VALUES_PATCH.replace('hostNetwork: true', 'replicas: 3'),
    });
    const result = await scan(root);
    const f = result.findings.find((x) => x.ruleId === 'pss-host-namespaces' && x.targets?.includes(IN_PROD));
    expect(f && show(f)).toBe('pss-host-namespaces apps/base/api/release.yaml:17');
    expect(f?.fix?.edits).toEqual([{ startLine: 17, endLine: 17, newText: '    hostNetwork: false' }]);
  }, 120_000);

  it('valuesFrom a ConfigMap that a configMapGenerator makes (hash suffix, nameReference): the finding points into the generator file', async () => {
    const root = repo({
      ...BASE_RELEASE,
      'apps/prod/kustomization.yaml': `resources:
  - ../base/api
configMapGenerator:
  - name: api-values
    namespace: apps
    files:
      - values.yaml=api-values.yaml
configurations:
  - kustomizeconfig.yaml
patches:
  - path: values-from.yaml
`,
      'apps/prod/kustomizeconfig.yaml': `nameReference:
  - kind: ConfigMap
    version: v1
    fieldSpecs:
      - path: spec/valuesFrom/name
        kind: HelmRelease
`,
      'apps/prod/values-from.yaml': `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: api
  namespace: apps
spec:
  valuesFrom:
    - kind: ConfigMap
      name: api-values
`,
      'apps/prod/api-values.yaml':
        'image:\n  tag: "2.0.0"\nsecurityContext:\n  allowPrivilegeEscalation: true\n',
    });
    const result = await scan(root);
    // kustomize named it with its hash, and rewrote the release's valuesFrom to that name.
    const generated = result.resources.find((r) => r.kind === 'ConfigMap')?.name;
    expect(generated).toMatch(/^api-values-[a-z0-9]{10}$/);
    const helm = result.findings.filter((f) => f.targets?.includes(IN_PROD));
    expect(helm.filter((f) => f.ruleId === 'render-note').map((f) => f.message)).toEqual([]);
    const escalation = helm.find((f) => f.ruleId === 'pss-allow-privilege-escalation');
    expect(escalation && show(escalation)).toBe('pss-allow-privilege-escalation apps/prod/api-values.yaml:4');
    expect(escalation?.fix?.edits).toEqual([
      { startLine: 4, endLine: 4, newText: '  allowPrivilegeEscalation: false' },
    ]);
  }, 120_000);
});
