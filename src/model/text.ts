/**
 * Linear-time string helpers for text that comes from a repository. Each replaces a regular
 * expression that backtracks (quadratically) on a hostile input such as a long run of `/`.
 */

/** `s` without its trailing `/` characters (what `s.replace(/\/+$/, '')` did, in linear time). */
export function trimTrailingSlashes(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 47) end--;
  return s.slice(0, end);
}
