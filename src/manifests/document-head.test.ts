import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { load, YAML11_SCHEMA } from 'js-yaml';
import { CORPUS_DIR, itOnCorpus, listManifests } from '../../test/helpers/corpus.js';
import { defineLazyBody, documentKind, schemaDocumentHead } from './document-head.js';
import { splitDocuments } from './load.js';

const crd = `---
# a comment
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition   # the kind
metadata:
  name: widgets.example.com
  annotations:
    note: |
      text
# a column-0 comment inside metadata
    other: value
spec:
  group: example.com
  names:
  - widget
status: {}
`;

function parse(text: string): unknown {
  try {
    return load(text, { schema: YAML11_SCHEMA });
  } catch {
    return undefined;
  }
}

describe('documentKind', () => {
  it.each([
    ['apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n', 'Namespace'],
    ['---\nkind: Role # trailing comment\nrules:\n- apiGroups: [""]\n  verbs: ["get"]\n', 'Role'],
    ['# preamble\n---\napiVersion: v1\nkind: List\nitems:\n- kind: Secret\n', 'List'],
    ['kind: ServiceAccount\n\n# comment\nmetadata: {name: a}\n', 'ServiceAccount'],
  ])('reads the kind of %j', (text, kind) => {
    expect(documentKind(text)).toBe(kind);
    expect((parse(text) as { kind: string }).kind).toBe(kind);
  });

  it.each([
    ['a quoted key', '"kind": Secret\n'],
    ['a second kind', 'kind: Namespace\nkind: Secret\n'],
    ['a flow mapping', '{kind: Secret}\n'],
    ['a root sequence', '- kind: Secret\n'],
    ['a merge key', 'base: &b {kind: Secret}\n<<: *b\nmetadata: {}\n'],
    ['a complex key', '? kind\n: Secret\n'],
    ['a tab', 'kind: Namespace\n\tmetadata: {}\n'],
    ['a continued plain scalar', 'kind: Role\n  Binding\n'],
    ['a continued plain scalar after a blank line', 'kind: Role\n\n  Binding\n'],
    ['a quoted kind', 'kind: "Secret"\n'],
    ['a tagged kind', 'kind: !!str Secret\n'],
    ['a kind glued to a hash', 'kind: Role#x\n'],
    ['a directive', '%YAML 1.1\n---\nkind: Secret\n'],
    ['content on the document start line', '--- !!map\nkind: Secret\n'],
    ['an anchored key', '&a kind: Secret\n'],
    ['an indented mapping', '  kind: Secret\n  metadata: {}\n'],
  ])('is not certain with %s', (_name, text) => {
    expect(documentKind(text)).toBeUndefined();
  });

  it('never names a kind a parser does not find (random documents from tricky lines)', () => {
    const lines = [
      'kind: Secret',
      'kind: Namespace',
      'kind: "Role"',
      '"kind": Role',
      'metadata:',
      '  name: a',
      '  kind: Pod',
      '- kind: Pod',
      '-',
      '  - x',
      'spec: "abc',
      'def"',
      "spec: 'x",
      "kind: Role'",
      '  Binding',
      '# comment',
      '',
      '   ',
      '---',
      'data: |',
      'kind: Secret # c',
      'items:',
      '<<: {kind: Secret}',
      '? kind',
      ': Secret',
      'a: {kind: Secret,',
      'kind: Deployment}',
      '\tkind: Secret',
      'x: &k Secret',
      'kind: *k',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...lines), { maxLength: 12 }), (picked) => {
        const text = picked.join('\n') + '\n';
        const kind = documentKind(text);
        if (kind === undefined) return;
        const value = parse(text);
        // A parse error cannot deploy anything; a parsed mapping has exactly the kind read.
        if (value !== undefined && value !== null && typeof value === 'object' && !Array.isArray(value))
          expect((value as { kind?: unknown }).kind).toBe(kind);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('schemaDocumentHead', () => {
  it('gives the head of a CRD as its own text, and the body keys', () => {
    const head = schemaDocumentHead(crd)!;
    expect(head.bodyKeys).toEqual(['spec', 'status']);
    const whole = parse(crd) as Record<string, unknown>;
    expect(parse(head.headText)).toEqual({
      apiVersion: whole.apiVersion,
      kind: whole.kind,
      metadata: whole.metadata,
    });
  });

  it.each([
    ['another kind', crd.replace('CustomResourceDefinition', 'Deployment')],
    ['no metadata', 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nspec: {}\n'],
    ['a quoted key', crd.replace('spec:', '"spec":')],
    ['a duplicate key', `${crd}spec: {}\n`],
  ])('is not certain with %s', (_name, text) => {
    expect(schemaDocumentHead(text)).toBeUndefined();
  });

  itOnCorpus('reads every CRD of the corpus as a whole parse does', () => {
    let heads = 0;
    for (const file of listManifests(CORPUS_DIR)) {
      const text = readFileSync(file, 'utf8');
      for (const chunk of splitDocuments(text)) {
        const head = schemaDocumentHead(chunk.text);
        if (!head) continue;
        heads++;
        const whole = parse(chunk.text) as Record<string, unknown>;
        expect(parse(head.headText)).toEqual({
          apiVersion: whole.apiVersion,
          kind: whole.kind,
          metadata: whole.metadata,
        });
        expect(head.bodyKeys).toEqual(
          Object.keys(whole).filter((k) => !['apiVersion', 'kind', 'metadata'].includes(k)),
        );
      }
    }
    expect(heads).toBeGreaterThan(20); // 31 CRDs, 17 of its 20 MB
  });
});

describe('defineLazyBody', () => {
  it('parses once, on the first read, and lets the value be replaced', () => {
    let parses = 0;
    const object: Record<string, unknown> = { kind: 'CustomResourceDefinition' };
    defineLazyBody(object, ['spec', 'status'], () => {
      parses++;
      return { spec: { group: 'g' }, status: null };
    });
    expect(Object.keys(object)).toEqual(['kind', 'spec', 'status']);
    expect(parses).toBe(0);
    expect(object.spec).toEqual({ group: 'g' });
    expect(object.status).toBeNull();
    expect(parses).toBe(1);
    object.spec = 1;
    expect(object.spec).toBe(1);
  });

  it('throws the reason to the reader when the body cannot be read', () => {
    const object: Record<string, unknown> = {};
    defineLazyBody(object, ['spec'], () => {
      throw new Error('the body could not be read');
    });
    expect(() => object.spec).toThrow('could not be read');
  });
});
