import { setFlagsFromString } from 'node:v8';

/**
 * Makes every regular expression of this process linear-time on hostile input: after 50,000
 * backtracks V8 re-runs the match on its non-backtracking engine (the `l` flag's automaton).
 * Defence in depth only: our literals are linear (test/hostile/regexps.test.ts), globs run on
 * minimatch's NFA matcher or RE2 (src/model/glob.ts, CODEOWNERS), CEL and Kyverno on re2js.
 * Patterns with lookbehind or back-references cannot fall back; docs/security.md lists ours.
 * Called once by each entry point (CLI, app) before any input is read.
 */
export function enableLinearRegexpFallback(): void {
  setFlagsFromString(LINEAR_FALLBACK_FLAG);
}

export const LINEAR_FALLBACK_FLAG = '--enable-experimental-regexp-engine-on-excessive-backtracks';
