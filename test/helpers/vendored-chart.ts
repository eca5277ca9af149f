import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundledRenderer } from '../../src/render/index.js';

/** A chart (`charts/web`) whose dependency `sub` is vendored as `charts/web/charts/sub-0.1.0.tgz`, packaged by the bundled helm. */

const helm = bundledRenderer()!.helm!.path;

/** The packaged subchart `sub-0.1.0.tgz`: one Deployment whose privileged flag is a value. */
export function packagedSubchart(): Buffer {
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

export const PARENT_CHART: Record<string, string> = {
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
