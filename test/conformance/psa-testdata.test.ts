/**
 * Conformance with pod-security-admission's own fixtures: every pod PSA's TestFixtures writes to
 * test/testdata/<level>/v1.N/{pass,fail} (vendored in pod-security-admission.json, with the commit),
 * for every policy version from v1.0 to the newest, goes through the real loader and every
 * builtin pss-* rule with `--profile <level> --pss-version v1.N`:
 * - a pass pod raises no pss-* finding;
 * - a fail pod `<check><n>.yaml` raises a finding of the rule whose references.pss names that
 *   check, or, under the restricted profile, of the rule of the restricted check that overrides
 *   it at that version (OverrideCheckIDs).
 * The versions table of docs/pod-security.md and LATEST_PSS_VERSION are held against PSA's own
 * check registry here too.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEFAULT_SCAN_OPTIONS,
  defaultParams,
  LATEST_PSS_VERSION,
  runRules,
  type ActiveRule,
  type PssLevel,
} from '../../src/engine/index.js';
import { loadManifestFile } from '../../src/manifests/index.js';
import { builtinRules } from '../../src/rules/index.js';
import { PSA, type PsaCheck } from './psa-vendored.js';

const PSS_RULES: ActiveRule[] = builtinRules
  .filter((rule) => rule.id.startsWith('pss-'))
  .map((rule) => ({ rule, severity: rule.severity, params: defaultParams(rule) }));

const checksByLowerId = new Map(PSA.checks.map((c) => [c.id.toLowerCase(), c]));

function ruleOf(check: PsaCheck): string {
  const owners = builtinRules.filter((r) => (r.references.pss ?? []).includes(`${check.level}:${check.id}`));
  if (owners.length !== 1)
    throw new Error(`${check.level}:${check.id} is referenced by ${owners.length} rules`);
  return owners[0]!.id;
}

/** The restricted check that overrides `check` at `minor` (the version of it registered at or below `minor`). */
function overriddenBy(check: PsaCheck, minor: number): PsaCheck | undefined {
  return PSA.checks.find((c) => {
    const registered = c.versions.filter((v) => v.minor <= minor).at(-1);
    return c.level === 'restricted' && registered?.overrides?.includes(check.id);
  });
}

function expectedRule(fixtureName: string, level: PssLevel, minor: number): string {
  const check = checksByLowerId.get(fixtureName.replace(/\d+$/, ''));
  if (!check) throw new Error(`fixture ${fixtureName} names no PSA check`);
  const override = level === 'restricted' ? overriddenBy(check, minor) : undefined;
  return ruleOf(override ?? check);
}

function evaluate(podKey: string, level: PssLevel, minor: number) {
  const loaded = loadManifestFile(`${podKey}.yaml`, PSA.pods[podKey]!);
  if (loaded.findings.length > 0)
    throw new Error(`${podKey} does not load: ${loaded.findings.map((f) => f.message).join('; ')}`);
  return runRules(loaded.resources, PSS_RULES, {
    ...DEFAULT_SCAN_OPTIONS,
    profile: level,
    pssVersion: { major: 1, minor },
  });
}

const groups = Object.keys(PSA.fixtures).map((group) => {
  const [level, version, expectation] = group.split('/') as [PssLevel, string, 'pass' | 'fail'];
  return { group, level, minor: Number(version.replace('v1.', '')), expectation };
});
const newestMinor = Math.max(...groups.map((g) => g.minor));

describe(`pod-security-admission testdata (${PSA.commit.slice(0, 12)}, ${PSA.newestTag})`, () => {
  it('covers every version from v1.0 to the newest, both levels, pass and fail', () => {
    expect(groups.length).toBe((newestMinor + 1) * 4);
  });

  it.each(groups)('$group', ({ group, level, minor, expectation }) => {
    const problems: string[] = [];
    for (const [name, podKey] of Object.entries(PSA.fixtures[group]!)) {
      const findings = evaluate(podKey, level, minor);
      if (expectation === 'pass') {
        if (findings.length > 0)
          problems.push(`${name}: ${findings.map((f) => `${f.ruleId}: ${f.message}`).join('; ')}`);
      } else {
        const rule = expectedRule(name, level, minor);
        if (!findings.some((f) => f.ruleId === rule))
          problems.push(
            `${name}: no ${rule} finding (got ${findings.map((f) => f.ruleId).join(', ') || 'none'})`,
          );
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('Pod Security Standards versions', () => {
  it('latest is the newest version PSA registers a check at and writes fixtures for', () => {
    const newestCheck = Math.max(...PSA.checks.flatMap((c) => c.versions.map((v) => v.minor)));
    expect(LATEST_PSS_VERSION).toEqual({ major: 1, minor: Math.max(newestCheck, newestMinor) });
  });

  it("the versions table of docs/pod-security.md is PSA's check registry", () => {
    const doc = readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'pod-security.md'), 'utf8');
    const table = new Map(
      [
        ...doc.matchAll(
          /^\| `(\w+)` \| (baseline|restricted) \| \[[\w-]+\]\(rules\/([\w-]+)\.md\) \| ([^|]+) \|/gm,
        ),
      ].map((m) => [m[1]!, { level: m[2], rule: m[3], versions: m[4]!.trim() }]),
    );
    const render = (check: PsaCheck) => {
      const minors = check.versions.map((v) => `v1.${v.minor}`);
      return minors.length === 1 ? `${minors[0]}+` : minors.join(', ');
    };
    const expected = new Map(
      PSA.checks.map((c) => [c.id, { level: c.level, rule: ruleOf(c), versions: render(c) }]),
    );
    expect(Object.fromEntries(table)).toEqual(Object.fromEntries(expected));
  });
});
