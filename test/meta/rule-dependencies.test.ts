import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  DEFAULT_SCAN_OPTIONS,
  defaultParams,
  defineRule,
  type Rule,
  type RuleContext,
} from '../../src/engine/index.js';
import { loadManifestFile, type Resource } from '../../src/manifests/index.js';
import { builtinRules } from '../../src/rules/index.js';

/**
 * A diff judges again the unchanged resources whose verdict reads a changed one, from the rules'
 * `dependsOn` declarations (docs/writing-rules.md). A rule that reads other resources without
 * declaring it would silently miss them: every rule that reads `context.resources` must declare.
 */

const root = join(import.meta.dirname, '..', '..');

function files(dir: string, keep: (path: string) => boolean): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? files(full, keep) : keep(full) ? [full] : [];
  });
}

/** The rules that read `context.resources` on these resources without declaring `dependsOn`. */
function undeclaredReaders(rules: readonly Rule<unknown>[], resources: readonly Resource[]): string[] {
  const readers = new Set<string>();
  for (const rule of rules) {
    if (rule.engineFinding || rule.dependsOn) continue;
    for (const resource of resources) {
      const context: RuleContext<unknown> = {
        params: defaultParams(rule),
        options: DEFAULT_SCAN_OPTIONS,
        get resources() {
          readers.add(rule.id);
          return resources;
        },
        report: () => undefined,
      };
      try {
        if (!rule.match || rule.match(resource)) rule.check(resource, context);
      } catch {
        // A rule's errors are its own tests' business.
      }
    }
  }
  return [...readers].sort();
}

/** The examples and the conformance suites' manifests: every kind the rules look at. */
const examples = ['examples', 'test/conformance']
  .flatMap((dir) => files(join(root, dir), (p) => /\.ya?ml$/.test(p)))
  .flatMap((path) => loadManifestFile(relative(root, path), readFileSync(path, 'utf8')).resources);

describe('rules that read other resources declare it', () => {
  it('no built-in rule reads context.resources on the examples without dependsOn', () => {
    expect(new Set(examples.map((r) => r.kind)).size).toBeGreaterThan(20);
    expect(undeclaredReaders(builtinRules, examples)).toEqual([]);
  });

  it('no rule file mentions context.resources without dependsOn', () => {
    const undeclared = files(join(root, 'src', 'rules'), (p) => p.endsWith('.ts') && !p.endsWith('.test.ts'))
      .filter((p) => !p.includes('/_'))
      .filter((p) => {
        const text = readFileSync(p, 'utf8');
        return text.includes('context.resources') && !text.includes('dependsOn');
      })
      .map((p) => relative(root, p));
    expect(undeclared).toEqual([]);
  });

  it('the check fails for a rule that reads other resources without a declaration', () => {
    const reader = defineRule({
      id: 'reads-services',
      title: 'Reads Services',
      severity: 'low',
      category: 'workload',
      description: 'A test rule.',
      remediation: 'None.',
      references: {},
      check(resource, context) {
        void context.resources.filter((r) => r.kind === 'Service');
      },
    }) as Rule<unknown>;
    expect(undeclaredReaders([reader], examples)).toEqual(['reads-services']);
    expect(
      undeclaredReaders(
        [{ ...reader, dependsOn: builtinRules.find((r) => r.dependsOn)!.dependsOn }],
        examples,
      ),
    ).toEqual([]);
  });

  it('declared kinds are group/Kind', () => {
    const declaring = builtinRules.filter((r) => r.dependsOn);
    expect(declaring.map((r) => r.id).sort()).toEqual([
      'flux-cross-namespace-source-ref',
      'flux-missing-service-account',
      'network-pod-not-isolated',
      'rbac-binding-privileged-role',
      'workload-automount-service-account-token',
      'workload-image-digest',
      'workload-image-tag',
    ]);
    for (const rule of declaring)
      for (const dependency of rule.dependsOn!) {
        expect(dependency.kinds.length).toBeGreaterThan(0);
        for (const kind of dependency.kinds) expect(kind).toMatch(/^[a-z0-9.-]*\/[A-Z][A-Za-z0-9]*$/);
        expect(dependency.relation.description).not.toBe('');
      }
  });
});
