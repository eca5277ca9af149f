import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { cli, commit, git, newRepo, type JsonFinding } from '../cli/git-repo.js';

// scan resolves its paths from the process's folder: the tests pass absolute ones.

/** A scan of a sub-folder renders only the targets under it; sources that are not this repository are said, never silent. */

const patch = (name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          securityContext:\n            privileged: true\n`;
const deployment = (name: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: nginx:1.27\n`;
const overlay = (name: string) => ({
  [`${name}/base/kustomization.yaml`]: 'resources:\n  - app.yaml\n',
  [`${name}/base/app.yaml`]: deployment(name),
  [`${name}/prod/kustomization.yaml`]: 'resources:\n  - ../base\npatches:\n  - path: debug.yaml\n',
  [`${name}/prod/debug.yaml`]: patch(name),
});
const OCI_KUSTOMIZATION = `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata: {name: podinfo, namespace: flux-system}
spec:
  path: ./kustomize
  sourceRef:
    kind: OCIRepository
    name: podinfo
`;

type Found = JsonFinding & { targets?: string[]; message: string };
const findings = (stdout: string) => (JSON.parse(stdout) as { findings: Found[] }).findings;

describe('scan of a sub-folder', () => {
  it('renders only the targets that include files under it', async () => {
    const dir = newRepo({ ...overlay('shop'), ...overlay('blog'), 'README.md': 'x\n' });
    const shop = findings((await cli(['scan', join(dir, 'shop'), '--format', 'json'], dir)).stdout);
    const targets = new Set(shop.flatMap((f) => f.targets ?? []));
    expect([...targets]).toEqual(['shop/prod (top overlay)']);
    expect(shop.find((f) => f.ruleId === 'pss-privileged')).toMatchObject({
      file: 'shop/prod/debug.yaml',
      line: 11,
    });
    const whole = findings((await cli(['scan', dir, '--format', 'json'], dir)).stdout);
    expect(new Set(whole.flatMap((f) => f.targets ?? []))).toEqual(
      new Set(['shop/prod (top overlay)', 'blog/prod (top overlay)']),
    );
  }, 60_000);
});

describe('sources that are not this repository', () => {
  it('scan: a Flux Kustomization of an OCIRepository is a note at its sourceRef', async () => {
    const dir = newRepo({ 'clusters/prod/podinfo.yaml': OCI_KUSTOMIZATION });
    const notes = findings(
      (await cli(['scan', dir, '--format', 'json', '--min-severity', 'info'], dir)).stdout,
    ).filter((f) => f.ruleId === 'render-note');
    expect(notes.map((f) => `${f.file}:${f.line} ${f.message}`)).toEqual([
      'clusters/prod/podinfo.yaml:6 Flux Kustomization flux-system/podinfo deploys ./kustomize of OCIRepository podinfo: not rendered, because the source is not this repository.',
    ]);
  }, 60_000);

  it('diff: adding one is an introduced note; an Argo CD Application of another repository too', async () => {
    const dir = newRepo({
      'README.md': 'x\n',
      '.github/gitops-guard.yml': 'render:\n  repoURLs: [https://github.com/acme/fleet]\n',
    });
    const base = git(dir, 'rev-parse', 'HEAD').trim();
    commit(dir, {
      'clusters/prod/podinfo.yaml': OCI_KUSTOMIZATION,
      'clusters/prod/app.yaml': `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: web, namespace: argocd}
spec:
  source:
    repoURL: https://github.com/acme/other
    path: deploy/web
`,
    });
    const out = await cli(
      ['diff', '--base', base, '--head', 'HEAD', '--format', 'json', '--min-severity', 'info'],
      dir,
    );
    const notes = findings(out.stdout).filter((f) => f.ruleId === 'render-note');
    expect(notes.map((f) => `${f.status} ${f.file}:${f.line}`).sort()).toEqual([
      'introduced clusters/prod/app.yaml:5',
      'introduced clusters/prod/podinfo.yaml:6',
    ]);
    expect(
      notes.every((f) => f.message.includes('not rendered, because the source is not this repository')),
    ).toBe(true);
  }, 60_000);
});
