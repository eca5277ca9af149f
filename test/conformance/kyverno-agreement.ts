/**
 * Agreement of our Kyverno evaluation with Kyverno's own verdicts: the CLI tests of
 * kyverno/policies (`.kyverno-test/kyverno-test.yaml`, vendored under test/conformance/kyverno,
 * see SOURCE.md there). Each expected result names a policy, a rule, a resource and Kyverno's
 * verdict (pass, fail, skip). Our verdict for that resource and rule: fail when the rule raises a
 * finding on it, "not evaluated" when the rule or its evaluation on that resource is not
 * evaluated or errs, else pass. Kyverno's skip (the rule does not apply) agrees with our pass:
 * neither fails the gate. Results of mutate and generate rules are not validations and are left out.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { load as loadYaml } from 'js-yaml';
import { DEFAULT_SCAN_OPTIONS, runRules } from '../../src/engine/index.js';
import { loadManifestFile, type Resource } from '../../src/manifests/index.js';
import { compileRepositoryPolicies } from '../../src/policy/index.js';

/** The vendored tests; KYVERNO_TESTS_DIR points the comparison at another copy (other folders of kyverno/policies). */
const KYVERNO_TESTS =
  process.env.KYVERNO_TESTS_DIR ?? join(dirname(new URL(import.meta.url).pathname), 'kyverno');

type Verdict = 'pass' | 'fail' | 'not evaluated';

export interface Comparison {
  test: string;
  policy: string;
  rule: string;
  kind: string;
  resource: string;
  expected: 'pass' | 'fail' | 'skip';
  actual: Verdict;
  agrees: boolean;
  /** Why, when we did not evaluate or disagree. */
  detail?: string;
}

interface ExpectedResult {
  policy: string;
  rule: string;
  kind?: string;
  resources?: string[];
  resource?: string;
  result: 'pass' | 'fail' | 'skip' | 'warn' | 'error';
  patchedResource?: string;
  generatedResource?: string;
  isValidatingAdmissionPolicy?: boolean;
}

function testFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...testFiles(full));
    else if (entry === 'kyverno-test.yaml') out.push(full);
  }
  return out.sort();
}

/** Kyverno names the rules it generates for pod controllers `autogen-<rule>` and `autogen-cronjob-<rule>`. */
function sourceRule(rule: string): string {
  return rule.replace(/^autogen-cronjob-/, '').replace(/^autogen-/, '');
}

function loadAll(paths: string[]): Resource[] {
  return paths.flatMap(
    (p) => loadManifestFile(relative(KYVERNO_TESTS, p), readFileSync(p, 'utf8')).resources,
  );
}

export function compareWithKyverno(): Comparison[] {
  const out: Comparison[] = [];
  for (const file of testFiles(KYVERNO_TESTS)) {
    const dir = dirname(file);
    const test = loadYaml(readFileSync(file, 'utf8')) as {
      policies?: string[];
      resources?: string[];
      results?: ExpectedResult[];
    };
    const policies = loadAll((test.policies ?? []).map((p) => join(dir, p)));
    const resources = loadAll((test.resources ?? []).map((p) => join(dir, p)));
    const validateRules = new Set<string>();
    for (const p of policies) {
      const rules = ((p.object.spec as { rules?: unknown[] } | undefined)?.rules ?? []) as {
        name?: string;
        validate?: unknown;
      }[];
      for (const r of rules) if (r.validate) validateRules.add(`${p.name}/${r.name}`);
    }
    for (const expected of test.results ?? []) {
      if (expected.patchedResource || expected.generatedResource || expected.isValidatingAdmissionPolicy)
        continue;
      const rule = sourceRule(expected.rule);
      if (!validateRules.has(`${expected.policy}/${rule}`)) continue;
      if (expected.result !== 'pass' && expected.result !== 'fail' && expected.result !== 'skip') continue;
      const names = expected.resources ?? (expected.resource ? [expected.resource] : []);
      for (const name of names) {
        const shortName = name.includes('/') ? name.split('/').pop()! : name;
        const targets = resources.filter(
          (r) => r.name === shortName && (!expected.kind || r.kind === expected.kind),
        );
        const policy = policies.find((p) => p.name === expected.policy);
        const base = {
          test: relative(KYVERNO_TESTS, dir).replace(/\/\.kyverno-test$/, ''),
          policy: expected.policy,
          rule: expected.rule,
          kind: expected.kind ?? '',
          resource: name,
          expected: expected.result,
        };
        if (!targets.length || !policy) {
          out.push({
            ...base,
            actual: 'not evaluated',
            agrees: false,
            detail: 'resource or policy not found in the test files',
          });
          continue;
        }
        const { actual, detail } = judge(policy, rule, targets[0]!);
        const agrees = expected.result === 'fail' ? actual === 'fail' : actual === 'pass';
        out.push({ ...base, actual, agrees, ...(detail ? { detail } : {}) });
      }
    }
  }
  return out;
}

/** Our verdict of one policy rule on one resource, judged alone (as `kyverno apply` does). */
function judge(policy: Resource, rule: string, resource: Resource): { actual: Verdict; detail?: string } {
  const compiled = compileRepositoryPolicies([policy, resource]);
  const id = `kyverno/${policy.name}/${rule}`;
  const label = `Kyverno ${policy.kind} ${policy.name}, rule ${rule}:`;
  const about = (message: string) => message.startsWith(label);
  const compileProblem = compiled.findings.find((f) => about(f.message));
  if (!compiled.rules.some((r) => r.id === id))
    return { actual: 'not evaluated', detail: compileProblem?.message ?? 'the rule was not compiled' };
  const findings = runRules(
    [resource],
    compiled.active.filter((a) => a.rule.id === id),
    DEFAULT_SCAN_OPTIONS,
  ).filter((f) => f.ruleId === id);
  const runtime = compiled.runtimeFindings().find((f) => about(f.message));
  if (findings.length) return { actual: 'fail', detail: findings[0]!.message };
  if (runtime) return { actual: 'not evaluated', detail: runtime.message };
  return { actual: 'pass' };
}

export function agreementRatio(comparisons: readonly Comparison[]): number {
  return comparisons.filter((c) => c.agrees).length / comparisons.length;
}
