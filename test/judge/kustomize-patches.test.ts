import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { cli, commit, newRepo, parseJson } from '../cli/git-repo.js';

/** A change to a Kustomize patch file is judged as a patch (a partial resource), as `scan` of the same tree does. */

const KUSTOMIZATION =
  'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../base\npatches:\n  - path: replicas.yaml\n';
const patch = (replicas: number) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: ${replicas}\n  template:\n    spec:\n      containers:\n        - name: app\n          image: nginx:1.27\n`;

describe('diff of a Kustomize patch whose kustomization.yaml is unchanged', () => {
  it('reports no missing-field findings on the patch, like scan', async () => {
    const dir = newRepo({
      'overlays/prod/kustomization.yaml': KUSTOMIZATION,
      'overlays/prod/replicas.yaml': patch(2),
    });
    commit(dir, { 'overlays/prod/replicas.yaml': patch(3) });
    const diff = await cli(
      ['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json', '--no-config'],
      dir,
    );
    const scan = await cli(['scan', '--format', 'json', '--no-config', join(dir, 'overlays')], dir);
    const onPatch = (findings: { file: string; ruleId: string }[]) =>
      findings
        .filter((f) => f.file.endsWith('replicas.yaml'))
        .map((f) => f.ruleId)
        .sort();
    expect(onPatch(parseJson(diff.stdout).findings)).toEqual(onPatch(parseJson(scan.stdout).findings));
    expect(onPatch(parseJson(diff.stdout).findings)).not.toContain('workload-memory-limits');
  });

  it('the same file without a kustomization naming it is a whole resource', async () => {
    const dir = newRepo({ 'apps/web.yaml': patch(2) });
    commit(dir, { 'apps/web.yaml': patch(3) });
    const diff = await cli(
      ['diff', '--base', 'HEAD~1', '--head', 'HEAD', '--format', 'json', '--no-config'],
      dir,
    );
    expect(parseJson(diff.stdout).findings.map((f) => f.ruleId)).toContain('workload-memory-limits');
  });
});
