import { describe, expect, it } from '@jest/globals';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, commit, git, newRepo } from '../cli/git-repo.js';
import { ARGO_APP, CHART, FLUX_SYSTEM, release, SAFE_VALUES } from './helm-change-fixtures.js';

/**
 * `gitops-guard diff` on Helm targets: a finding the change introduces points at the values line
 * the change set (narrowed by rendering again with each changed value reverted), with a
 * ```suggestion when the fix is a plain value change. Real helm 4 of the bundled layer (the Jest
 * setup pins GITOPS_GUARD_RENDERER=bundled).
 */

const FLUX_TARGET = 'chart charts/api via HelmRelease apps/api';
const ARGO_TARGET = 'chart charts/api via Argo CD Application argocd/api-argo';

interface Out {
  ruleId: string;
  status: string;
  file: string;
  line: number;
  message: string;
  targets?: string[];
  fix?: { description: string; edits: Array<{ startLine: number; endLine: number; newText: string }> };
}

async function diff(base: Record<string, string>, head: Record<string, string | null>) {
  const dir = newRepo(base);
  const baseSha = git(dir, 'rev-parse', 'HEAD').trim();
  commit(dir, head);
  const result = await cli(['diff', '--base', baseSha, '--head', 'HEAD', '--format', 'json'], dir);
  const findings = (JSON.parse(result.stdout) as { findings: Out[] }).findings;
  const introduced = findings.filter((f) => f.status === 'introduced');
  return {
    dir,
    baseSha,
    code: result.code,
    introduced,
    show: introduced.map((f) => `${f.ruleId} ${f.file}:${f.line}`),
  };
}

const fluxBase = {
  ...CHART,
  'clusters/prod/flux-system/gotk-sync.yaml': FLUX_SYSTEM,
  'clusters/prod/api.yaml': release(SAFE_VALUES),
};

describe('diff: a finding a change introduces on a Helm target points at the values line the change set', () => {
  it('HelmRelease values: one flipped value, under another key name than the field (narrowed), and a plain one with its suggestion', async () => {
    const { show, introduced, code } = await diff(fluxBase, {
      'clusters/prod/api.yaml': release(
        SAFE_VALUES.replace('hostNetwork: false', 'hostNetwork: true').replace('debug: false', 'debug: true'),
      ),
    });
    expect(code).toBe(1);
    // Line 17: `hostNetwork: true`, line 18: `debug: true` (which the template writes as `privileged:`).
    expect(show).toEqual(
      expect.arrayContaining([
        'pss-host-namespaces clusters/prod/api.yaml:17',
        'pss-privileged clusters/prod/api.yaml:18',
      ]),
    );
    const privileged = introduced.find((f) => f.ruleId === 'pss-privileged')!;
    expect(privileged.targets).toEqual([FLUX_TARGET]);
    expect(privileged.message).not.toContain('narrowed');
    const hostNetwork = introduced.find((f) => f.ruleId === 'pss-host-namespaces')!;
    expect(hostNetwork.fix?.edits).toEqual([
      { startLine: 17, endLine: 17, newText: '    hostNetwork: false' },
    ]);
  }, 120_000);

  it('an Argo CD value file: the introduced finding and its suggestion on the changed line', async () => {
    const values = 'securityContext:\n  allowPrivilegeEscalation: false\nimage:\n  tag: "1.0.0"\n';
    const { show, introduced } = await diff(
      { ...CHART, 'argocd/api.yaml': ARGO_APP, 'values/api-prod.yaml': values },
      {
        'values/api-prod.yaml': values.replace(
          'allowPrivilegeEscalation: false',
          'allowPrivilegeEscalation: true',
        ),
      },
    );
    expect(show).toContain('pss-allow-privilege-escalation values/api-prod.yaml:2');
    const f = introduced.find((x) => x.ruleId === 'pss-allow-privilege-escalation')!;
    expect(f.targets).toEqual([ARGO_TARGET]);
    expect(f.fix?.edits).toEqual([
      { startLine: 2, endLine: 2, newText: '  allowPrivilegeEscalation: false' },
    ]);
  }, 120_000);

  it('more changed values than the narrowing bound: the finding says it could not be narrowed down', async () => {
    const { introduced } = await diff(
      { ...fluxBase, '.github/gitops-guard.yml': 'render:\n  helm:\n    narrowingRenders: 1\n' },
      {
        'clusters/prod/api.yaml': release(
          SAFE_VALUES.replace('debug: false', 'debug: true').replace('tag: "1.0.0"', 'tag: "1.0.1"'),
        ),
      },
    );
    const privileged = introduced.find((f) => f.ruleId === 'pss-privileged')!;
    expect(privileged.message).toContain(
      'could not be narrowed down to one changed value: 2 values changed, more than the 1 extra renders allowed per target',
    );
    // Not narrowed: the mapping's own answer (the template line).
    expect(privileged.file).toBe('charts/api/templates/deployment.yaml');
  }, 120_000);

  it('the example repository: a change that turns privileged on in the HelmRelease values is introduced at that values line, with its suggestion', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gg-examples-'));
    cpSync(join(import.meta.dirname, '..', '..', 'examples'), dir, { recursive: true });
    const file = 'clusters/prod/apps/web-release.yaml';
    const unsafe = readFileSync(join(dir, file), 'utf8');
    expect(unsafe.split('\n')[21]).toMatch(/^ {6}privileged: true /);
    git(dir, 'init', '-q', '-b', 'main');
    commit(dir, { [file]: unsafe.replace('privileged: true', 'privileged: false') }, 'base');
    const base = git(dir, 'rev-parse', 'HEAD').trim();
    commit(dir, { [file]: unsafe }, 'debug');
    const result = await cli(['diff', '--base', base, '--head', 'HEAD', '--format', 'json'], dir);
    const introduced = (JSON.parse(result.stdout) as { findings: Out[] }).findings.filter(
      (f) => f.status === 'introduced',
    );
    expect(result.code).toBe(1);
    expect(introduced.map((f) => `${f.ruleId} ${f.file}:${f.line}`)).toEqual([`pss-privileged ${file}:22`]);
    expect(introduced[0]!.message).toContain('(in chart charts/web via HelmRelease prod/web)');
    expect(introduced[0]!.fix?.edits[0]?.newText).toMatch(/^ {6}privileged: false # /);
    const text = await cli(['diff', '--base', base, '--head', 'HEAD'], dir);
    expect(text.stdout).toContain(file);
    expect(text.stdout).toMatch(/22:\d+ +critical .*runs privileged/);
  }, 120_000);

  it("an overlay's patch flips a HelmRelease value: introduced at the patch line, in the overlay's Helm target", async () => {
    const patch = (hostNetwork: boolean) =>
      `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: api\n  namespace: apps\nspec:\n  values:\n    hostNetwork: ${hostNetwork}\n`;
    const { show, introduced } = await diff(
      {
        ...CHART,
        'clusters/prod/flux-system/gotk-sync.yaml': FLUX_SYSTEM,
        'apps/base/api/kustomization.yaml': 'resources:\n  - release.yaml\n',
        'apps/base/api/release.yaml': release(SAFE_VALUES),
        'apps/prod/kustomization.yaml':
          'resources:\n  - ../base/api\npatches:\n  - path: values-patch.yaml\n',
        'apps/prod/values-patch.yaml': patch(false),
      },
      { 'apps/prod/values-patch.yaml': patch(true) },
    );
    expect(show.filter((f) => !f.startsWith('delta-'))).toEqual([
      'pss-host-namespaces apps/prod/values-patch.yaml:8',
    ]);
    const f = introduced.find((x) => x.ruleId === 'pss-host-namespaces')!;
    expect(f.targets).toEqual(['chart charts/api via HelmRelease apps/api in apps/prod (top overlay)']);
  }, 120_000);
});
