import { describe, expect, it } from '@jest/globals';
import { DEFAULT_SCAN_OPTIONS, defaultParams, runRules, type Rule, type ScanOptions } from '../../src/engine/index.js';
import { loadManifestFile, markKustomizePatches } from '../../src/manifests/index.js';
import type { Finding } from '../../src/model/index.js';

export interface ValidCase {
  name: string;
  yaml: string;
  params?: Record<string, unknown>;
  options?: Partial<ScanOptions>;
  /** File path the YAML is loaded as (default `test.yaml`). */
  file?: string;
}

export interface ExpectedFinding {
  line: number;
  column?: number;
  /** Substring or pattern the message must contain. */
  message?: string | RegExp;
  severity?: Finding['severity'];
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedFinding[];
}

/** Runs one rule on literal YAML cases: valid cases must raise nothing, invalid ones exactly the listed findings. */
export function runRuleTests(rule: Rule<unknown>, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  const names = new Set<string>();
  for (const c of [...cases.valid, ...cases.invalid]) {
    if (names.has(c.name)) throw new Error(`duplicate test case name: ${c.name}`);
    names.add(c.name);
  }
  describe(rule.id, () => {
    it('has complete metadata', () => {
      expect(rule.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(rule.title.length).toBeGreaterThan(3);
      expect(rule.description.length).toBeGreaterThan(20);
      expect(rule.remediation.trim()).toMatch(/[.)`]$/);
    });
    for (const c of cases.valid) {
      it(`valid: ${c.name}`, () => {
        expect(findingsOf(rule, c).map(summary)).toEqual([]);
      });
    }
    for (const c of cases.invalid) {
      it(`invalid: ${c.name}`, () => {
        if (c.errors.length === 0) throw new Error('an invalid case needs at least one expected finding');
        const found = findingsOf(rule, c);
        expect(found.map((f) => f.line)).toEqual(c.errors.map((e) => e.line));
        c.errors.forEach((e, i) => {
          const f = found[i]!;
          expect(f.ruleId).toBe(rule.id);
          if (e.column !== undefined) expect(f.column).toBe(e.column);
          if (e.severity !== undefined) expect(f.severity).toBe(e.severity);
          if (typeof e.message === 'string') expect(f.message).toContain(e.message);
          else if (e.message) expect(f.message).toMatch(e.message);
        });
      });
    }
  });
}

/** Findings of one rule on a YAML text (rule errors included, so a throwing rule fails the test). */
export function findingsOf(rule: Rule<unknown>, c: ValidCase): Finding[] {
  const loaded = loadManifestFile(c.file ?? 'test.yaml', c.yaml);
  if (loaded.findings.length > 0) throw new Error(`fixture does not load: ${loaded.findings.map((f) => f.message).join('; ')}`);
  markKustomizePatches(loaded.resources);
  const params = c.params && rule.parameters ? rule.parameters.parse(c.params) : defaultParams(rule);
  const options = { ...DEFAULT_SCAN_OPTIONS, ...c.options };
  return runRules(loaded.resources, [{ rule, severity: rule.severity, params }], options).sort((a, b) => a.line - b.line || a.column - b.column);
}

function summary(f: Finding): string {
  return `${f.ruleId} ${f.line}:${f.column} ${f.message}`;
}
