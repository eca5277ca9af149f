import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { CORPUS_DIR, itOnCorpus, listManifests } from '../../test/helpers/corpus.js';
import { DEFAULT_LIMITS, loadManifestFile, mayHoldKind, splitDocuments } from './load.js';
import { podSpecOf } from './pod-spec.js';

const deployment = `# leading comment
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
      containers:
        - name: app
          image: nginx
`;

describe('loadManifestFile', () => {
  it('loads multi-document YAML with resource identity and positions', () => {
    const text = `${deployment}---\napiVersion: v1\nkind: Service\nmetadata: {name: web}\n---\n# only a comment\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n`;
    const loaded = loadManifestFile('a.yaml', text);
    expect(loaded.findings).toEqual([]);
    expect(
      loaded.resources.map((r) => `${r.group}/${r.kind}/${r.namespace ?? ''}/${r.name}@${r.documentIndex}`),
    ).toEqual(['apps/Deployment/shop/web@0', '/Service//web@1', '/ConfigMap//cfg@3']);
    const cfg = loaded.resources[2]!;
    expect(cfg.source.locate(['metadata', 'name'])).toMatchObject({ line: 23, column: 3, exact: true });
  });

  it('points at the nearest existing parent when a field is missing', () => {
    const [r] = loadManifestFile('d.yaml', deployment).resources;
    const container = podSpecOf(r!)!.containers[0]!;
    expect(r!.source.locate([...container.path, 'securityContext', 'runAsNonRoot'])).toMatchObject({
      line: 11,
      column: 11,
      exact: false,
    });
    expect(r!.source.locate(['spec', 'template', 'spec', 'containers', 0, 'image'])).toMatchObject({
      line: 12,
      column: 11,
      exact: true,
    });
  });

  it('loads JSON manifests and kind: List items with their own positions', () => {
    const json = JSON.stringify(
      {
        apiVersion: 'v1',
        kind: 'List',
        items: [
          { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a' }, spec: { containers: [] } },
          { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'b' }, spec: {} },
        ],
      },
      null,
      2,
    );
    const loaded = loadManifestFile('list.json', json);
    expect(loaded.resources.map((r) => r.name)).toEqual(['a', 'b']);
    const b = loaded.resources[1]!;
    expect(b.basePath).toEqual(['items', 1]);
    expect(b.source.locate([...b.basePath, 'metadata', 'name']).line).toBe(
      json.split('\n').findIndex((l) => l.includes('"b"')) + 1,
    );
  });

  it('reads YAML 1.1 booleans as Kubernetes does', () => {
    const [r] = loadManifestFile(
      'p.yaml',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostNetwork: yes\n',
    ).resources;
    expect((r!.object.spec as Record<string, unknown>).hostNetwork).toBe(true);
  });

  it('reports a syntax error on its line and still loads the other documents', () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: [b}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n`;
    const loaded = loadManifestFile('x.yaml', text);
    expect(loaded.resources.map((r) => r.name)).toEqual(['a', 'c']);
    expect(loaded.findings).toHaveLength(1);
    expect(loaded.findings[0]).toMatchObject({ ruleId: 'manifest-parse-error', file: 'x.yaml', line: 7 });
  });

  it('reports duplicate keys instead of resolving them silently', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  hostPID: false\n  hostPID: true\n';
    const loaded = loadManifestFile('dup.yaml', text);
    expect(loaded.findings).toMatchObject([{ ruleId: 'manifest-duplicate-key', line: 6, severity: 'high' }]);
    expect(loaded.findings[0]!.message).toContain('`hostPID`');
  });

  it('reports tabs used for indentation', () => {
    const loaded = loadManifestFile('tab.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n\tname: x\n');
    expect(loaded.findings).toMatchObject([{ ruleId: 'manifest-parse-error', line: 4 }]);
    expect(loaded.findings[0]!.message).toMatch(/tab/i);
  });

  it('refuses binary and non-UTF-8 content', () => {
    expect(loadManifestFile('b.yaml', new Uint8Array([0x61, 0x00, 0x62])).findings[0]!.message).toMatch(
      /binary/,
    );
    expect(
      loadManifestFile('l.yaml', new Uint8Array([0x61, 0x3a, 0x20, 0xe9, 0x0a])).findings[0]!.message,
    ).toMatch(/UTF-8/);
  });

  it('skips templates, failing closed on manifest-looking ones, but loads YAML that merely contains {{ }} in strings', () => {
    const helm = loadManifestFile(
      't.yaml',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\n  labels:\n{{ include "labels" . | indent 4 }}\n',
    );
    expect(helm.findings).toMatchObject([{ ruleId: 'manifest-skipped', severity: 'high' }]);
    const values = loadManifestFile('values.yaml', 'image:\n  tag: {{ .Chart.AppVersion }}\n  name: [\n');
    expect(values.findings).toMatchObject([{ ruleId: 'manifest-skipped', severity: 'info' }]);
    const appset = loadManifestFile(
      's.yaml',
      "apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata: {name: s}\nspec:\n  template:\n    metadata:\n      name: '{{path.basename}}'\n",
    );
    expect(appset.findings).toEqual([]);
    expect(appset.resources).toHaveLength(1);
  });

  it('refuses YAML bombs without expanding them', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 10; i++)
      levels.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill('*' + String.fromCharCode(96 + i))
          .join(',')}]`,
      );
    const started = Date.now();
    const loaded = loadManifestFile(
      'bomb.yaml',
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\ndata:\n  ${levels.join('\n  ')}\n`,
    );
    expect(Date.now() - started).toBeLessThan(2000);
    expect(loaded.resources).toEqual([]);
    expect(loaded.findings[0]!.message).toMatch(/bomb/);
  });

  it('refuses oversized files and absurd nesting', () => {
    expect(
      loadManifestFile('big.yaml', 'a: b\n', { ...DEFAULT_LIMITS, maxFileBytes: 2 }).findings[0]!.message,
    ).toMatch(/limit/);
    const deep = loadManifestFile(
      'deep.yaml',
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: d}\ndata: ${'['.repeat(5000)}${']'.repeat(5000)}\n`,
    );
    expect(deep.findings[0]!.ruleId).toBe('manifest-parse-error');
  });

  it('reads a kustomization.yaml without apiVersion and kind as a Kustomization', () => {
    const [r] = loadManifestFile(
      'overlays/prod/kustomization.yaml',
      'resources:\n  - ../../base\n',
    ).resources;
    expect(r).toMatchObject({ group: 'kustomize.config.k8s.io', kind: 'Kustomization' });
    expect(loadManifestFile('values.yaml', 'resources:\n  - x\n').resources).toEqual([]);
  });

  it('ignores documents that are not Kubernetes objects and empty files', () => {
    expect(loadManifestFile('values.yaml', 'replicas: 3\nimage: nginx\n')).toEqual({
      file: 'values.yaml',
      resources: [],
      findings: [],
    });
    expect(loadManifestFile('empty.yaml', '')).toEqual({ file: 'empty.yaml', resources: [], findings: [] });
    expect(loadManifestFile('comments.yaml', '# nothing\n---\n')).toEqual({
      file: 'comments.yaml',
      resources: [],
      findings: [],
    });
  });
});

describe('splitDocuments', () => {
  it('keeps line offsets and treats --- inside a line as content', () => {
    const chunks = splitDocuments('a: 1\n---\nb: "---"\n--- # next\nc: 3\n');
    expect(chunks.map((c) => c.startLine)).toEqual([0, 1, 3]);
  });
});

describe('mayHoldKind (reading context without parsing it all)', () => {
  const kinds = ['Namespace'];
  it('is true wherever a document could hold the kind', () => {
    for (const text of [
      'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n',
      'kind: "Namespace"\n',
      "kind: 'Namespace' # a comment\n",
      'kind: !!str Namespace\n',
      'kind: &k Namespace\n',
      'kind: !<tag:yaml.org,2002:str> &k  "Namespace"\n',
      'kind:\n  Namespace\n',
      'kind: |-\n  Namespace\n',
      '{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"a"}}',
      '{apiVersion: v1, kind: Namespace}',
      '? kind\n: Namespace\r\n',
      'kind: Namespace',
      'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Namespace\n',
      // Escapes that could spell it: never judged by text.
      'kind: "Names\\x70ace"\n',
      'kind: "Name\\\n  space"\n',
      '"\\u006bind": x\n',
    ])
      expect([text, mayHoldKind(text, kinds)]).toEqual([text, true]);
  });
  it('is false where the word is only mentioned', () => {
    for (const text of [
      'description: Namespace is the namespace of the pod\n',
      'kind: Deployment\nspec:\n  namespaceSelector: {}\n',
      'description: the Namespace, or the cluster\n',
      'kind: NamespaceList\n',
      'kind: MyNamespace\n',
      'Namespace: a\n',
    ])
      expect([text, mayHoldKind(text, kinds)]).toEqual([text, false]);
  });
  itOnCorpus('is true for every resource of the corpus, with its own kind', () => {
    let checked = 0;
    for (const file of listManifests(CORPUS_DIR)) {
      for (const r of loadManifestFile(file, readFileSync(file)).resources) {
        if (r.kind === 'Kustomization' && !r.source.text.includes('Kustomization')) continue; // implied by the file name
        expect([file, r.kind, mayHoldKind(r.source.text, [r.kind])]).toEqual([file, r.kind, true]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });
});

describe('schema documents (CustomResourceDefinitions)', () => {
  const crd = (spec = '  group: example.com\n  scope: Namespaced\n') =>
    `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\n  labels: {team: a}\nspec:\n${spec}`;

  it('loads the head alone and parses the body when it is first read', () => {
    const { resources, findings } = loadManifestFile('crd.yaml', crd());
    expect(findings).toEqual([]);
    const [resource] = resources;
    expect(resource).toMatchObject({ kind: 'CustomResourceDefinition', name: 'widgets.example.com' });
    expect(Object.keys(resource!.object)).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    expect(resource!.object.metadata).toEqual({ name: 'widgets.example.com', labels: { team: 'a' } });
    expect(resource!.object.spec).toEqual({ group: 'example.com', scope: 'Namespaced' });
  });

  it('does not look into a body nothing reads: its syntax errors are not reported', () => {
    const { resources, findings } = loadManifestFile('crd.yaml', crd('  group: [example.com\n'));
    expect(findings).toEqual([]);
    expect(() => resources[0]!.object.spec).toThrow(
      /body of this CustomResourceDefinition could not be read/,
    );
  });

  it('parses a CRD whole when its head is not certain', () => {
    const { resources, findings } = loadManifestFile('crd.yaml', crd().replace('spec:', '"spec":'));
    expect(findings).toEqual([]);
    expect(Object.getOwnPropertyDescriptor(resources[0]!.object, 'spec')).toHaveProperty('value');
    const duplicate = loadManifestFile('crd.yaml', `${crd()}spec: {}\n`);
    expect(duplicate.findings.map((f) => f.ruleId)).toEqual(['manifest-duplicate-key']);
  });

  it('never reads a pod spec in a CRD', () => {
    const { resources } = loadManifestFile(
      'crd.yaml',
      crd('  template:\n    spec:\n      containers: [{name: a, image: b}]\n'),
    );
    expect(podSpecOf(resources[0]!)).toBeUndefined();
  });
});

describe('documents parsed by an earlier pass', () => {
  const text = `apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\n${deployment}`;

  it('are taken as they are while their text is the same, and parsed again when it changed', () => {
    const first = loadManifestFile('ns.yaml', text);
    const parsed = new Map([[0, [first.resources[0]!]]]);
    const again = loadManifestFile('ns.yaml', text, DEFAULT_LIMITS, Date.now, { parsed });
    expect(again.resources[0]).toBe(first.resources[0]);
    expect(again.resources[1]).not.toBe(first.resources[1]);
    const edited = loadManifestFile('ns.yaml', text.replace('name: a', 'name: b'), DEFAULT_LIMITS, Date.now, {
      parsed,
    });
    expect(edited.resources[0]!.name).toBe('b');
  });
});
