import type { Rule } from './types.js';

/** Identity helper that types a rule and its parameters. */
export function defineRule<P = Record<string, never>>(rule: Rule<P>): Rule<P> {
  return rule;
}

/** Default parameters of a rule (its zod schema parsed from `{}`). */
export function defaultParams<P>(rule: Rule<P>): P {
  if (!rule.parameters) return {} as P;
  return rule.parameters.parse({});
}
