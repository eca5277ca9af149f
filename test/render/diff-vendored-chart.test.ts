import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundledRenderer } from '../../src/render/index.js';
import { cli, commit, git, newRepo, type JsonFinding } from '../cli/git-repo.js';

/**
 * A chart whose dependency is vendored as a packaged `.tgz` in its `charts/` folder, judged by
 * `gitops-guard diff` on git objects: the archive reaches the temporary copy byte for byte
 * (git cat-file), so the subchart renders and its findings get a status. Real helm (bundled).
 */

const helm = bundledRenderer()!.helm!.path;

/** The packaged subchart `sub-0.1.0.tgz`: one Deployment whose privileged flag is a value. */
function packagedSubchart(): Buffer {
  const build = mkdtempSync(join(tmpdir(), 'gg-subchart-'));
  const files: Record<string, string> = {
    'sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 0.1.0\n',
    'sub/values.yaml': 'privileged: false\n',
    'sub/templates/deployment.yaml': `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-sub
spec:
  selector:
    matchLabels: {app: sub}
  template:
    metadata:
      labels: {app: sub}
    spec:
      containers:
        - name: sub
          image: registry.example.com/sub:1.0.0
          securityContext:
            privileged: {{ .Values.privileged }}
`,
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(build, name, '..'), { recursive: true });
    writeFileSync(join(build, name), text);
  }
  execFileSync(helm, ['package', join(build, 'sub'), '-d', build], { env: { HOME: build, PATH: '' } });
  return readFileSync(join(build, 'sub-0.1.0.tgz'));
}

const PARENT_CHART: Record<string, string> = {
  'charts/web/Chart.yaml': `apiVersion: v2
name: web
version: 1.0.0
dependencies:
  - name: sub
    version: 0.1.0
    repository: https://charts.example.com
`,
  'charts/web/values.yaml': 'sub:\n  privileged: false\n',
  'charts/web/templates/configmap.yaml':
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-web\ndata: {a: b}\n',
};

describe('diff renders a chart with a vendored .tgz subchart from git objects', () => {
  it('a value turning the subchart privileged is introduced at its values line; nothing is refused', async () => {
    const dir = newRepo(PARENT_CHART);
    mkdirSync(join(dir, 'charts/web/charts'));
    writeFileSync(join(dir, 'charts/web/charts/sub-0.1.0.tgz'), packagedSubchart());
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '--no-gpg-sign', '-m', 'vendored subchart');
    const base = git(dir, 'rev-parse', 'HEAD').trim();
    commit(dir, { 'charts/web/values.yaml': 'sub:\n  privileged: true\n' });
    const result = await cli(['diff', '--base', base, '--head', 'HEAD', '--format', 'json'], dir);
    const { findings } = JSON.parse(result.stdout) as {
      findings: Array<JsonFinding & { targets?: string[] }>;
    };
    const shown = findings.map((f) => `${f.status} ${f.ruleId} ${f.file}:${f.line} ${f.message}`);
    expect(shown.filter((f) => /render-(refused|failed)/.test(f))).toEqual([]);
    expect(shown.filter((f) => f.startsWith('introduced pss-privileged'))).toEqual([
      expect.stringMatching(/^introduced pss-privileged charts\/web\/values\.yaml:2 /),
    ]);
  }, 60_000);
});
