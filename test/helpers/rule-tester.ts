import { describe, expect, it } from '@jest/globals';
import {
  DEFAULT_SCAN_OPTIONS,
  defaultParams,
  runRules,
  type Rule,
  type ScanOptions,
} from '../../src/engine/index.js';
import { loadManifestFile, markKustomizePatches } from '../../src/manifests/index.js';
import type { Finding, Fix } from '../../src/model/index.js';

export interface ValidCase {
  name: string;
  yaml: string;
  params?: Record<string, unknown>;
  options?: Partial<ScanOptions>;
  /** File path the YAML is loaded as (default `test.yaml`). */
  file?: string;
}

interface ExpectedFinding {
  line: number;
  column?: number;
  /** Substring or pattern the message must contain. */
  message?: string | RegExp;
  severity?: Finding['severity'];
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedFinding[];
  /** The text after applying every fix of the case (a rule that emits fixes needs at least one case that states it). */
  output?: string;
}

/**
 * Runs one rule on literal YAML cases: valid cases must raise nothing, invalid ones exactly the
 * listed findings. Fixes are checked too: every fix applied alone leaves YAML that loads and no
 * longer raises its finding; `output` states the text after all fixes of a case; a rule that
 * emits fixes must state such an output somewhere. The rule sees frozen objects: it cannot mutate its input.
 */
export function runRuleTests(
  rule: Rule<unknown>,
  cases: { valid: ValidCase[]; invalid: InvalidCase[] },
): void {
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
        for (const f of found.filter((x) => x.fix)) {
          const fixed = applyFix(c.yaml, f.fix!);
          const loaded = loadManifestFile(c.file ?? 'test.yaml', fixed);
          expect({ fix: f.fix!.description, loadFindings: loaded.findings.map((x) => x.message) }).toEqual({
            fix: f.fix!.description,
            loadFindings: [],
          });
          expect(findingsOf(rule, { ...c, yaml: fixed }).map((x) => x.fingerprint)).not.toContain(
            f.fingerprint,
          );
        }
        if (c.output !== undefined) {
          const fixes = found.flatMap((x) => (x.fix ? [x.fix] : []));
          if (fixes.length === 0) throw new Error('`output` is stated, but the case raises no fix');
          expect(applyFixes(c.yaml, fixes)).toBe(c.output);
        }
      });
    }
    const emitsFixes = cases.invalid.some((c) => findingsOf(rule, c).some((f) => f.fix));
    if (emitsFixes) {
      it('states the fixed text of at least one case (output)', () => {
        expect(cases.invalid.filter((c) => c.output !== undefined).map((c) => c.name)).not.toEqual([]);
      });
    }
  });
}

/** Applies a fix's whole-line edits to a text, last line first. */
export function applyFix(text: string, fix: Fix): string {
  return applyFixes(text, [fix]);
}

/** Applies several fixes (their edits must not overlap), last line first. */
function applyFixes(text: string, fixes: readonly Fix[]): string {
  const lines = text.split('\n');
  const edits = fixes.flatMap((f) => f.edits).sort((a, b) => b.startLine - a.startLine);
  for (const edit of edits)
    lines.splice(edit.startLine - 1, edit.endLine - edit.startLine + 1, ...edit.newText.split('\n'));
  return lines.join('\n');
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as Record<string, unknown>)) deepFreeze(child);
  }
  return value;
}

/** Findings of one rule on a YAML text (rule errors included, so a throwing rule fails the test). */
export function findingsOf(rule: Rule<unknown>, c: ValidCase): Finding[] {
  const loaded = loadManifestFile(c.file ?? 'test.yaml', c.yaml);
  if (loaded.findings.length > 0)
    throw new Error(`fixture does not load: ${loaded.findings.map((f) => f.message).join('; ')}`);
  markKustomizePatches(loaded.resources);
  for (const r of loaded.resources) deepFreeze(r.object);
  const params = c.params && rule.parameters ? rule.parameters.parse(c.params) : defaultParams(rule);
  const options = { ...DEFAULT_SCAN_OPTIONS, ...c.options };
  return runRules(loaded.resources, [{ rule, severity: rule.severity, params }], options).sort(
    (a, b) => a.line - b.line || a.column - b.column,
  );
}

function summary(f: Finding): string {
  return `${f.ruleId} ${f.line}:${f.column} ${f.message}`;
}
