import type { Rule } from './engine/index.js';
import { deltaRules } from './diff/index.js';
import { builtinRules } from './rules/index.js';

/** Everything that can produce a built-in finding: the rules and the risky deltas of the semantic diff. */
export const catalogueRules: readonly Rule<unknown>[] = [...builtinRules, ...deltaRules];
