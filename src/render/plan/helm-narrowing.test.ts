import { describe, expect, it } from '@jest/globals';
import type { Finding } from '../../model/index.js';
import { mergeValues, narrowIntroduced, planValueProbes, type ValueProbe } from './helm-narrowing.js';
import type { ValuesLayer } from './helm-values.js';
import type { RenderTarget } from './targets.js';

const layer = (values: Record<string, unknown>, file = 'values.yaml'): ValuesLayer => ({
  label: file,
  values,
  locate: (p) => ({ file, line: p.length, column: 1, endLine: p.length, exact: true }),
});
const target = (layers: ValuesLayer[]): RenderTarget =>
  ({
    label: 't',
    helm: { layers, defaults: layer({ debug: false, list: [1] }, 'chart/values.yaml') },
  }) as never;

describe('narrowing a Helm finding to the changed value (pure planning)', () => {
  it('merges as Helm does: mappings by key, lists replaced, null removes', () => {
    expect(mergeValues([layer({ a: { b: 1, c: 2 }, l: [1, 2] }), layer({ a: { c: null }, l: [3] })])).toEqual(
      {
        a: { b: 1 },
        l: [3],
      },
    );
  });

  it('one probe per changed value (a list whole), each reverting that value only, without the mapping render', () => {
    const base = target([layer({ debug: false, image: { tag: '1' } })]);
    const head = target([layer({ debug: true, image: { tag: '1' }, extra: 'x', list: [1, 2] })]);
    const plan = planValueProbes(base, head, 8);
    expect('probes' in plan && plan.probes.map((p) => p.path)).toEqual([['debug'], ['extra'], ['list']]);
    const probes = (plan as { probes: ValueProbe[] }).probes;
    const reverted = probes.map((p) => p.target.helm!.layers.at(-1)!.values);
    expect(reverted).toEqual([{ debug: false }, { extra: null }, { list: [1] }]);
    expect(probes.every((p) => p.target.helm!.mappingRender === false)).toBe(true);
  });

  it('more changed values than the bound: nothing planned', () => {
    const plan = planValueProbes(target([layer({})]), target([layer({ a: 1, b: 2, c: 3 })]), 2);
    expect(plan).toEqual({ tooMany: 3, bound: 2 });
  });

  it('moves an introduced finding to the value whose revert removes it, and says when none does', () => {
    const finding = (fingerprint: string): Finding => ({
      ruleId: 'r',
      severity: 'high',
      message: 'm',
      file: 'chart/templates/x.yaml',
      line: 9,
      column: 1,
      path: 'p',
      fingerprint,
      status: 'introduced',
      resource: { apiVersion: 'v1', kind: 'Pod', name: 'p' },
      fix: { description: 'd', edits: [] },
    });
    const probe = (line: number): ValueProbe => ({
      path: ['k'],
      at: { file: 'values.yaml', line, column: 3, endLine: line, exact: true },
      target: {} as never,
    });
    const outputs = [
      { probe: probe(4), output: { target: {} as never, output: 'a' } },
      { probe: probe(7), output: { target: {} as never, output: 'b' } },
    ];
    const [moved, stays] = narrowIntroduced([finding('f1'), finding('f2')], { probes: outputs }, (o) =>
      o.output === 'a' ? new Set(['f2']) : new Set(['f1', 'f2']),
    );
    expect(moved).toMatchObject({ file: 'values.yaml', line: 4, column: 3 });
    expect(moved!.fix).toBeUndefined();
    expect(stays!.file).toBe('chart/templates/x.yaml');
    expect(stays!.message).toContain('could not be narrowed down to one changed value');
  });
});
