import { describe, expect, it } from '@jest/globals';
import * as z from 'zod';
import { defineRule, type Rule } from '../engine/index.js';
import { resolveConfig, type PolicyPack } from './resolve.js';

const rule = (id: string, extra: Partial<Rule<unknown>> = {}): Rule<unknown> =>
  defineRule({
    id,
    title: id,
    severity: 'high',
    category: 'workload',
    description: 'd',
    remediation: 'r.',
    references: {},
    check() {},
    ...extra,
  }) as Rule<unknown>;

const rules = [
  rule('a'),
  rule('b', { category: 'rbac' }),
  rule('c', {
    enabledByDefault: false,
    parameters: z.object({ registries: z.array(z.string()).default([]) }) as z.ZodType<unknown>,
  }),
];
const packs: PolicyPack[] = [
  { name: 'recommended', include: ['*'] },
  { name: 'rbac', categories: ['rbac'] },
];

describe('resolveConfig', () => {
  it('enables the recommended pack by default, leaving opt-in rules off', () => {
    expect(resolveConfig(rules, packs, undefined).rules.map((r) => r.rule.id)).toEqual(['a', 'b']);
  });

  it('selects packs, severities, params and off', () => {
    const resolved = resolveConfig(rules, packs, {
      packs: ['rbac'],
      rules: { a: 'low', b: 'off', c: { params: { registries: ['ghcr.io'] } } },
    });
    expect(resolved.errors).toEqual([]);
    expect(resolved.rules.map((r) => [r.rule.id, r.severity, r.params])).toEqual([
      ['a', 'low', {}],
      ['c', 'high', { registries: ['ghcr.io'] }],
    ]);
  });

  it('names the exact key of every error and falls back to safe defaults', () => {
    const resolved = resolveConfig(rules, packs, {
      packs: ['nope'],
      rules: { zzz: 'off', c: { params: { registries: 'x' } } },
      severityThreshold: 'urgent',
      unknownKey: 1,
    });
    expect(resolved.errors.map((e) => e.key)).toEqual(
      expect.arrayContaining(['unknownKey', 'severityThreshold']),
    );
    const second = resolveConfig(rules, packs, {
      packs: ['nope'],
      rules: { zzz: 'off', c: { params: { registries: 'x' } } },
    });
    expect(second.errors.map((e) => e.key)).toEqual(['packs.0', 'rules.zzz', 'rules.c.params.registries']);
    expect(resolved.rules.map((r) => r.rule.id)).toEqual(['a', 'b']);
  });

  it('names the key inside a rule setting, as docs/configuration.md shows (`rules.pss-privileged.severity: Invalid option`)', () => {
    const inside = resolveConfig(rules, packs, {
      rules: { a: { severity: 'extreme' }, b: { severty: 'low' } },
    });
    expect(inside.errors.map((e) => e.key)).toEqual(['rules.a.severity', 'rules.b.severty']);
    expect(inside.errors[0]!.message).toMatch(/^Invalid option: expected one of "critical"/);
    expect(inside.errors[1]!.message).toBe('unknown key');
    const scalar = resolveConfig(rules, packs, { rules: { a: 'extreme' } });
    expect(scalar.errors).toEqual([
      {
        key: 'rules.a',
        message:
          'Invalid option: expected "off", false, "critical", "high", "medium", "low", "info", an object',
      },
    ]);
  });
});
