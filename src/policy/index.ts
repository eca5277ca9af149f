import type { ActiveRule, Rule } from '../engine/index.js';
import type { Resource } from '../manifests/index.js';
import type { Finding } from '../model/index.js';
import { PolicyContext } from './context.js';
import { compileCustomRuleFile, type PolicyFile } from './custom-rules.js';
import { compileKyvernoPolicies } from './kyverno.js';
import { compileVaps } from './vap.js';

export { POLICY_RULES } from './findings.js';
export type { PolicyFile } from './custom-rules.js';
export { isPolicyRepositoryFile } from './paths.js';

export interface PolicyOptions {
  /** Custom CEL rule files (the adapter reads them from the configured folders). */
  customRuleFiles?: readonly PolicyFile[];
  /** Ids that custom rules may not take (the built-in rules' ids). */
  reservedIds?: Iterable<string>;
  /** Skip the repository's ValidatingAdmissionPolicies / Kyverno policies. */
  admissionPolicies?: boolean;
  /**
   * Where the judged resources' old objects come from: the base versions of the changed files in
   * a diff, none (`[]`) in a scan. Default: `baseResources`.
   */
  previousResources?: readonly Resource[];
}

export interface CompiledPolicies {
  /** One rule per custom rule, per bound ValidatingAdmissionPolicy and per Kyverno validate rule. */
  rules: Rule<unknown>[];
  /** Problems found while compiling: files that do not parse, expressions that do not compile, features not evaluated. */
  findings: Finding[];
  /** The rules ready for `runRules` / `scanFiles` (their own severity, no parameters). */
  active: ActiveRule[];
  /**
   * Runtime problems met while the rules ran (an expression that failed on a resource, a
   * namespace whose labels are not in the repository): one finding per expression, on the
   * policy's file and line. Call after the run.
   */
  runtimeFindings(): Finding[];
}

/**
 * Compiles custom CEL rules and the repository's own admission policies (ValidatingAdmissionPolicy
 * with bindings, Kyverno ClusterPolicy and Policy) into engine rules. Pure; programs compile once.
 *
 * `baseResources` are the resources of the side whose policies apply: the scanned tree for
 * `scan`, the BASE branch for `diff` and the app, so that a pull request that adds or weakens a
 * policy does not change how its own resources are judged. With the scanned tree, they are where
 * Namespace manifests and policy params are looked up; `oldObject` (the base version of a changed
 * resource) comes from `options.previousResources`.
 */
export function compileRepositoryPolicies(
  baseResources: readonly Resource[],
  options: PolicyOptions = {},
): CompiledPolicies {
  const context = new PolicyContext(baseResources, options.previousResources);
  const rules: Rule<unknown>[] = [];
  const findings: Finding[] = [];
  const reserved = new Set(options.reservedIds ?? []);
  const seen = new Map<string, string>();
  for (const file of options.customRuleFiles ?? []) {
    const compiled = compileCustomRuleFile(file, context, reserved, seen);
    rules.push(...compiled.rules);
    findings.push(...compiled.findings);
  }
  if (options.admissionPolicies !== false) {
    for (const compiled of [
      compileVaps(baseResources, context),
      compileKyvernoPolicies(baseResources, context),
    ]) {
      rules.push(...compiled.rules);
      findings.push(...compiled.findings);
    }
  }
  return {
    rules,
    findings,
    active: rules.map((rule) => ({ rule, severity: rule.severity, params: {} })),
    runtimeFindings: () => context.runtime.findings(),
  };
}
