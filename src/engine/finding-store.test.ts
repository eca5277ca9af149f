import { describe, expect, it } from '@jest/globals';
import type { Finding } from '../model/index.js';
import { FindingStore } from './finding-store.js';

const ruleFinding = (i: number, extra: Partial<Finding> = {}): Finding => ({
  ruleId: 'pss-run-as-non-root',
  severity: 'high',
  message: `Container "app" may run as root (${i % 3}).`,
  file: `deploy/${i % 2}.yaml`,
  line: i + 1,
  column: 7,
  ...(i % 4 === 0 ? { endLine: i + 3 } : {}),
  resource: { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: `web-${i % 5}` },
  path: 'spec.template.spec.containers[name=app].securityContext.runAsNonRoot',
  fingerprint: (0xabcdef0123 + i).toString(16).padStart(24, '0'),
  ...(i % 3 === 0
    ? {
        fix: {
          description: 'Run as non-root',
          edits: [{ startLine: i, endLine: i, newText: '  runAsNonRoot: true' }],
        },
      }
    : {}),
  ...extra,
});

describe('FindingStore', () => {
  it('gives back what it was given, in order, equal as JSON (key order too), over several growths', () => {
    const store = new FindingStore();
    const given: Finding[] = [];
    for (let i = 0; i < 3000; i++) {
      const finding = ruleFinding(i);
      given.push(finding);
      store.add(finding);
    }
    expect(store.size).toBe(3000);
    expect(JSON.stringify(store.findings())).toBe(JSON.stringify(given));
  });

  it('shares one resource reference per resource', () => {
    const store = new FindingStore();
    for (let i = 0; i < 20; i++) store.add(ruleFinding(i));
    const found = store.findings();
    expect(new Set(found.map((f) => f.resource)).size).toBe(5);
    expect(found[0]!.resource).toBe(found[5]!.resource);
  });

  it('keeps findings of any other shape as they are, in their place', () => {
    const store = new FindingStore();
    const odd: Finding[] = [
      // A loader's or a policy's finding: no resource.
      {
        ruleId: 'yaml-parse-error',
        severity: 'high',
        message: 'bad',
        file: 'x.yaml',
        line: 1,
        column: 1,
        path: '',
        fingerprint: 'f'.repeat(24),
      },
      // A fingerprint the 12 bytes could not hold, a suppression, an undefined optional field.
      ruleFinding(1, { fingerprint: 'XYZ' }),
      ruleFinding(2, { suppressed: { by: 'annotation', reason: 'accepted' } }),
      { ...ruleFinding(3), fix: undefined },
      ruleFinding(4, { line: 2 ** 31 }),
    ];
    store.add(ruleFinding(0));
    for (const finding of odd) store.add(finding);
    store.add(ruleFinding(5));
    const found = store.findings();
    expect(found.slice(1, -1)).toEqual(odd);
    for (let i = 0; i < odd.length; i++) expect(found[i + 1]).toBe(odd[i]);
    expect(JSON.stringify([found[0], found.at(-1)])).toBe(JSON.stringify([ruleFinding(0), ruleFinding(5)]));
  });
});
