import { describe, expect, it } from '@jest/globals';
import { cli, commit, git, newRepo, type JsonFinding } from '../cli/git-repo.js';
import { hardenedDeployment } from './hardened-deployment.js';

/**
 * `gitops-guard diff` renders the Kustomize targets a change affects on base and on head and
 * compares them per target: one scenario per kind of change (docs/rendering.md). Real renders,
 * with the bundled kubectl (the Jest setup pins GITOPS_GUARD_RENDERER=bundled).
 */

const hardened = hardenedDeployment();
const privilegedPatch =
  'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          securityContext:\n            privileged: true\n';
const FLUX = `apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata: {name: flux-system, namespace: flux-system}
spec: {url: https://example.com/fleet.git, interval: 1m}
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {name: apps, namespace: flux-system}
spec:
  path: ./apps/prod
  sourceRef: {kind: GitRepository, name: flux-system}
  targetNamespace: prod
`;
const PROD = 'apps/prod (Flux Kustomization flux-system/apps)';
const STAGING = 'apps/staging (top overlay)';
const BASE: Record<string, string> = {
  'apps/base/deployment.yaml': hardened,
  'apps/base/kustomization.yaml': 'resources:\n  - deployment.yaml\n',
  'apps/prod/kustomization.yaml': 'resources:\n  - ../base\n',
  'apps/staging/kustomization.yaml': 'resources:\n  - ../base\n',
  'clusters/prod/apps.yaml': FLUX,
  'README.md': 'fleet\n',
};

async function diff(
  headChanges: Record<string, string | null>,
  extra: string[] = [],
  baseFiles: Record<string, string> = BASE,
) {
  const dir = newRepo(baseFiles);
  const base = git(dir, 'rev-parse', 'HEAD').trim();
  commit(dir, headChanges);
  const result = await cli(['diff', '--base', base, '--head', 'HEAD', '--format', 'json', ...extra], dir);
  const json = JSON.parse(result.stdout) as { findings: Array<JsonFinding & { targets?: string[] }> };
  const show = (f: JsonFinding & { targets?: string[] }) =>
    `${f.status} ${f.ruleId} ${f.file}:${f.line}${f.targets ? ` [${f.targets.join('; ')}]` : ''}`;
  return {
    dir,
    base,
    code: result.code,
    introduced: json.findings.filter((f) => f.status === 'introduced').map(show),
    all: json.findings.map(show),
    rendered: json.findings.filter((f) => f.targets).map(show),
  };
}

describe('diff renders the targets a change affects', () => {
  it('a patch added to an overlay: introduced at the patch line, in that target only; the patch is not judged as a resource', async () => {
    const { introduced, code } = await diff({
      'apps/prod/kustomization.yaml': 'resources:\n  - ../base\npatches:\n  - path: debug.yaml\n',
      'apps/prod/debug.yaml': privilegedPatch,
    });
    expect(introduced).toEqual([`introduced pss-privileged apps/prod/debug.yaml:11 [${PROD}]`]);
    expect(code).toBe(1);
  }, 60_000);

  it('an images: entry: introduced at its newTag line', async () => {
    const { introduced } = await diff({
      'apps/staging/kustomization.yaml':
        'resources:\n  - ../base\nimages:\n  - name: registry.example.com/web\n    newTag: latest\n',
    });
    expect(introduced.filter((f) => f.includes('workload-image-tag'))).toEqual([
      `introduced workload-image-tag apps/staging/kustomization.yaml:5 [${STAGING}]`,
    ]);
  }, 60_000);

  it("a Flux Kustomization's own patch: introduced at the line inside spec.patches", async () => {
    const { introduced } = await diff({
      'clusters/prod/apps.yaml': `${FLUX}  patches:
    - target: {kind: Deployment}
      patch: |
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
        spec:
          template:
            spec:
              hostPID: true
`,
    });
    expect(introduced).toEqual([`introduced pss-host-namespaces clusters/prod/apps.yaml:23 [${PROD}]`]);
  }, 60_000);

  it('a base edit: one introduced finding at the base line naming every target that deploys it', async () => {
    const { introduced } = await diff({
      'apps/base/deployment.yaml': hardened.replace(
        'readOnlyRootFilesystem: true',
        'readOnlyRootFilesystem: false',
      ),
    });
    expect(introduced).toEqual([
      `introduced delta-security-context-weakened apps/base/deployment.yaml:22 [${PROD}; ${STAGING}]`,
      `introduced workload-readonly-root-filesystem apps/base/deployment.yaml:22 [${PROD}; ${STAGING}]`,
    ]);
  }, 60_000);

  it('moving a file without changing what is rendered introduces nothing', async () => {
    const { introduced, code } = await diff({
      'apps/base/deployment.yaml': null,
      'apps/base/web/deployment.yaml': hardened,
      'apps/base/kustomization.yaml': 'resources:\n  - web/deployment.yaml\n',
    });
    expect(introduced).toEqual([]);
    expect(code).toBe(0);
  }, 60_000);

  it('a risky delta is judged on the rendered resources (hardening removed by a patch)', async () => {
    const { introduced } = await diff({
      'apps/prod/kustomization.yaml': 'resources:\n  - ../base\npatches:\n  - path: loosen.yaml\n',
      'apps/prod/loosen.yaml':
        'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          securityContext:\n            allowPrivilegeEscalation: true\n',
    });
    expect(
      introduced.some((f) =>
        f.startsWith('introduced delta-security-context-weakened apps/prod/loosen.yaml:11'),
      ),
    ).toBe(true);
  }, 60_000);

  it('--no-render judges the changed files as they are (the patch stays partial: no missing-field findings)', async () => {
    const { introduced } = await diff(
      {
        'apps/prod/kustomization.yaml': 'resources:\n  - ../base\npatches:\n  - path: debug.yaml\n',
        'apps/prod/debug.yaml': privilegedPatch,
      },
      ['--no-render'],
    );
    expect(introduced).toEqual(['introduced pss-privileged apps/prod/debug.yaml:11']);
  }, 60_000);

  it('text, markdown and SARIF name the target', async () => {
    const { dir, base } = await diff({
      'apps/prod/kustomization.yaml': 'resources:\n  - ../base\npatches:\n  - path: debug.yaml\n',
      'apps/prod/debug.yaml': privilegedPatch,
    });
    for (const format of ['text', 'markdown', 'sarif']) {
      const out = await cli(['diff', '--base', base, '--head', 'HEAD', '--format', format], dir);
      expect(out.stdout).toContain(`(in ${PROD})`);
    }
  }, 60_000);

  describe('a target is matched by what deploys it, not by its folder', () => {
    const withPatch = {
      ...BASE,
      'apps/prod/kustomization.yaml': 'resources:\n  - ../base\npatches:\n  - path: debug.yaml\n',
      'apps/prod/debug.yaml': privilegedPatch,
    };
    const PRODUCTION = 'apps/production (Flux Kustomization flux-system/apps)';
    const moveProd = {
      'apps/prod/kustomization.yaml': null,
      'apps/prod/debug.yaml': null,
      'apps/production/kustomization.yaml': withPatch['apps/prod/kustomization.yaml'],
      'apps/production/debug.yaml': privilegedPatch,
      'clusters/prod/apps.yaml': FLUX.replace('./apps/prod', './apps/production'),
    };

    it("a Flux Kustomization's spec.path moved to a copy: its findings exist on both sides (not fixed + introduced)", async () => {
      const { rendered, code } = await diff(moveProd, [], withPatch);
      expect(rendered).toEqual([`existing pss-privileged apps/production/debug.yaml:11 [${PRODUCTION}]`]);
      expect(code).toBe(0);
    }, 60_000);

    it('a spec.path moved to a folder that deploys more: only the new finding is introduced, the old one exists', async () => {
      const { rendered } = await diff(
        {
          ...moveProd,
          'apps/production/kustomization.yaml':
            'resources:\n  - ../base\npatches:\n  - path: debug.yaml\n  - path: pid.yaml\n',
          'apps/production/pid.yaml':
            'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      hostPID: true\n',
        },
        [],
        withPatch,
      );
      expect(rendered.sort()).toEqual([
        `existing pss-privileged apps/production/debug.yaml:11 [${PRODUCTION}]`,
        `introduced pss-host-namespaces apps/production/pid.yaml:8 [${PRODUCTION}]`,
      ]);
    }, 60_000);

    it("an Argo CD Application's source path moved: the privileged patch is fixed at the old path's line", async () => {
      const application = (path: string) => `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: staging, namespace: argocd}
spec:
  project: default
  source: {repoURL: https://example.com/fleet.git, path: ${path}}
  destination: {server: https://kubernetes.default.svc, namespace: staging}
`;
      const argoBase = {
        ...BASE,
        'apps/staging/kustomization.yaml': 'resources:\n  - ../base\npatches:\n  - path: debug.yaml\n',
        'apps/staging/debug.yaml': privilegedPatch,
        'apps/staging-clean/kustomization.yaml': 'resources:\n  - ../base\n',
        'clusters/staging/app.yaml': application('apps/staging'),
      };
      const { rendered } = await diff(
        { 'clusters/staging/app.yaml': application('apps/staging-clean') },
        [],
        argoBase,
      );
      expect(rendered).toEqual([
        'fixed pss-privileged apps/staging/debug.yaml:11 [apps/staging (Argo CD Application argocd/staging)]',
      ]);
    }, 60_000);
  });
});
