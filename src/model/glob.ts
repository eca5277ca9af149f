// eslint-disable-next-line no-restricted-imports -- the one place globs are matched
import { braceExpand, minimatch, type MinimatchOptions } from 'minimatch';

/**
 * Glob matching for globs from configuration and from the pull request itself (Argo CD AppProject
 * lists, exceptions, custom-rule paths). Every glob of the code base goes through here (ESLint
 * forbids importing minimatch elsewhere).
 *
 * minimatch (from 11.0.9) matches each path segment with @isaacs/nonrecursive-glob-match, a
 * Thompson NFA that walks the segment once, and walks `**` without recursion: no glob or path makes
 * it backtrack (glob.test.ts holds that, without V8's linear fallback). What remains is brace
 * expansion, which multiplies: `{a,b}` thirty times expands to 100,000 globs (minimatch's cap),
 * seconds of work for 150 characters. So a glob is first expanded here with a small cap, and one
 * that expands further, or is longer than a glob needs to be, matches nothing; `globProblem` says
 * why, for callers that report it.
 */
export type GlobOptions = Pick<MinimatchOptions, 'dot' | 'matchBase' | 'nocase' | 'nonegate' | 'nocomment'>;

const MAX_GLOB_LENGTH = 4_096;
export const MAX_GLOB_EXPANSIONS = 256;

const problems = new Map<string, string | null>();

/** Why `glob` is not matched (it then matches nothing), or undefined. */
export function globProblem(glob: string): string | undefined {
  if (typeof glob !== 'string') return 'the glob is not a string';
  if (glob.length > MAX_GLOB_LENGTH) return `the glob is longer than ${MAX_GLOB_LENGTH} characters`;
  let problem = problems.get(glob);
  if (problem === undefined) {
    problem = null;
    try {
      if (braceExpand(glob, { braceExpandMax: MAX_GLOB_EXPANSIONS + 1 }).length > MAX_GLOB_EXPANSIONS)
        problem = `the glob expands to more than ${MAX_GLOB_EXPANSIONS} globs`;
    } catch (error) {
      problem = `the glob is not valid (${error instanceof Error ? error.message : String(error)})`;
    }
    if (problems.size >= 10_000) problems.clear();
    problems.set(glob, problem);
  }
  return problem ?? undefined;
}

/** Whether `path` matches `glob` (minimatch's semantics); a glob with a problem matches nothing. */
export function globMatch(path: string, glob: string, options: GlobOptions = {}): boolean {
  if (globProblem(glob) !== undefined) return false;
  try {
    return minimatch(path, glob, { ...options, braceExpandMax: MAX_GLOB_EXPANSIONS });
  } catch {
    return false;
  }
}
