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
