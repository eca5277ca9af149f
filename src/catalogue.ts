import type { Rule } from './engine/index.js';
import { deltaRules } from './diff/deltas/all.js';
import { policyFindingRules } from './policy/rules.js';
import { repoCheckRules } from './repo-checks/rules.js';
import { builtinRules } from './rules/index.js';

/**
 * Every id a built-in finding can carry, in `scan`, `diff` and the app: the rules, the risky
 * deltas of the semantic diff, the repository checks and the policies' own errors.
 */
export const catalogueRules: readonly Rule<unknown>[] = [
  ...builtinRules,
  ...deltaRules,
  ...repoCheckRules,
  ...policyFindingRules,
];

const byId = new Map(catalogueRules.map((r) => [r.id, r]));

/** The catalogue entry of a rule id, if it has one (custom rules and repository policies do not). */
export function catalogueRule(id: string): Rule<unknown> | undefined {
  return byId.get(id);
}
