import { describe, expect, it } from '@jest/globals';
import { byStatus, diffTexts } from './helpers.js';

// Two unrelated kustomizations: neither has a name (kustomize does not need one).
const remoteBase =
  'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - https://github.com/example/app//deploy?ref=main\n';
const local =
  'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - deployment.yaml\n';

describe('nameless resources are identified by their file', () => {
  it('two unrelated nameless kustomization.yaml files in different folders are a removal and an addition, never one moved resource', () => {
    const result = diffTexts(
      { 'apps/a/kustomization.yaml': remoteBase },
      { 'apps/b/kustomization.yaml': local },
    );
    expect(result.resources.map((r) => [r.change, r.file, r.previousFile])).toEqual([
      ['removed', 'apps/a/kustomization.yaml', undefined],
      ['added', 'apps/b/kustomization.yaml', undefined],
    ]);
    // a's finding (an unpinned remote base) is fixed with a, not carried over to b
    expect(byStatus(result, 'fixed').map((f) => f.file)).toEqual(
      byStatus(result, 'fixed').map(() => 'apps/a/kustomization.yaml'),
    );
    expect(byStatus(result, 'existing')).toEqual([]);
  });

  it('a new nameless kustomization next to an unchanged one is introduced, with its own findings', () => {
    const result = diffTexts(
      { 'apps/a/kustomization.yaml': remoteBase },
      { 'apps/a/kustomization.yaml': remoteBase, 'apps/b/kustomization.yaml': remoteBase },
    );
    expect(result.resources.map((r) => [r.change, r.file])).toEqual([['added', 'apps/b/kustomization.yaml']]);
    expect(byStatus(result, 'introduced').length).toBeGreaterThan(0);
    expect(byStatus(result, 'introduced').every((f) => f.file === 'apps/b/kustomization.yaml')).toBe(true);
  });

  it('the same nameless kustomization, edited in place, is one modified resource', () => {
    const result = diffTexts(
      { 'apps/a/kustomization.yaml': remoteBase },
      { 'apps/a/kustomization.yaml': local },
    );
    expect(result.resources.map((r) => [r.change, r.file])).toEqual([
      ['modified', 'apps/a/kustomization.yaml'],
    ]);
  });
});
