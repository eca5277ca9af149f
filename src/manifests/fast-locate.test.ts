import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadManifestFile } from './load.js';
import type { PathSegment } from './resource.js';
import { isObject } from './resource.js';
import { CORPUS_DIR, itOnCorpus } from '../../test/helpers/corpus.js';

const corpus = CORPUS_DIR;

function listYaml(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listYaml(full));
    else if (/\.ya?ml$/.test(entry.name)) out.push(full);
  }
  return out;
}

/** Every path of a value down to `depth`, plus a missing child of each. */
function pathsOf(value: unknown, prefix: PathSegment[], depth: number, out: PathSegment[][]): void {
  out.push(prefix);
  out.push([...prefix, 'no-such-key']);
  if (depth === 0) return;
  if (Array.isArray(value))
    value.slice(0, 4).forEach((item, i) => pathsOf(item, [...prefix, i], depth - 1, out));
  else if (isObject(value))
    for (const [k, v] of Object.entries(value).slice(0, 12)) pathsOf(v, [...prefix, k], depth - 1, out);
}

const samples = [
  `apiVersion: v1
kind: Pod
metadata:
  name: "quoted"
  labels: {a: b}
  annotations:
    'single': 'it''s'
    plain: value # comment
spec:
  containers:
  - name: app
    image: nginx   # trailing
    args:
      - -c
      - "x: y"
    env:
    -
      name: A
      value: "1"
    - name: B
      value: |
        multi
        line
  volumes: []
  empty:
  afterEmpty: 1
`,
  `apiVersion: apps/v1
kind: Deployment
spec:
  template:
    spec:
      containers:
      - name: app
        resources:
          {}
        lifecycle: {}   # none
        ports: []
        args:
          [] # none
        env:
        -
          {}
        - {}
        volumeMounts:
          {}
          # a comment line
      - name: two
        resources: {}
        securityContext:
          {a: b}
      volumes:
      - name: data
        emptyDir:
          {}

      nodeSelector: {}
`,
  `---
# comment
apiVersion: apps/v1
kind: Deployment
metadata:
    name: four-spaces
spec:
    template:
        spec:
            containers:
                -   name: wide
                    image: x
`,
];

describe('fastLocate answers exactly as the yaml-based locator', () => {
  it('on hand-written documents', () => {
    for (const text of samples) {
      const [resource] = loadManifestFile('s.yaml', text).resources;
      const paths: PathSegment[][] = [];
      pathsOf(resource!.object, [], 8, paths);
      for (const path of paths)
        expect({ path, ...resource!.source.locate(path) }).toEqual({
          path,
          ...resource!.source.slowLocate(path),
        });
    }
  });

  itOnCorpus('on every resource of the corpus', () => {
    let compared = 0;
    for (const file of listYaml(corpus)) {
      const { resources } = loadManifestFile(file, readFileSync(file, 'utf8'));
      for (const resource of resources.slice(0, 30)) {
        const paths: PathSegment[][] = [];
        pathsOf(resource.object, resource.basePath, 7, paths);
        for (const path of paths.slice(0, 400)) {
          const fast = resource.source.locate(path);
          const slow = resource.source.slowLocate(path);
          if (slow === undefined) continue; // too large for the yaml-based locator
          if (JSON.stringify(fast) !== JSON.stringify(slow))
            expect({ file, path, ...fast }).toEqual({ file, path, ...slow });
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(40_000);
  });
});
