import { RE2JS } from 're2js';
import { trimTrailingSlashes } from '../../model/index.js';
/**
 * CODEOWNERS patterns with GitHub's semantics (github/docs "About code owners"), which are
 * gitignore-like but not gitignore:
 * - case-sensitive;
 * - a pattern with no slash (`*.js`, `logs`) matches at any depth, and so does `dir/` (a trailing slash only);
 * - a pattern with a leading or inner slash (`/build/logs/`, `apps/github`) is anchored at the root;
 * - a pattern names a file or a directory: it covers the path itself and its whole subtree
 *   (`/apps/github` covers `apps/github/x`), except that a last segment of exactly `*`
 *   (`docs/*`) matches direct children only;
 * - a trailing slash matches directories only (never a file of that name);
 * - `**` spans any number of directories; `*` and `?` never cross a `/`;
 * - `!` negation, `[ ]` ranges and `\#` escapes are not supported (the caller reports them).
 * The pattern comes from the pull request: it is compiled for RE2 (re2js), which matches in
 * linear time whatever the pattern and path (`*a*a*a...` against a long path cannot backtrack).
 */

export interface CompiledPattern {
  pattern: string;
  regex: RE2JS;
}

const escapeRegex = (s: string) => s.replace(/[.+^${}()|[\]\\*?]/g, '\\$&');

/** The unsupported syntax in a pattern, or undefined. */
export function unsupportedSyntax(pattern: string): string | undefined {
  if (pattern.startsWith('!')) return '`!` negation is not supported in CODEOWNERS';
  if (pattern.startsWith('\\#')) return '`\\#` escaping is not supported in CODEOWNERS';
  if (/[[\]]/.test(pattern)) return '`[ ]` character ranges are not supported in CODEOWNERS';
  return undefined;
}

/** Compiles a supported pattern (see unsupportedSyntax) to a regex over repository-relative paths without a leading slash. */
export function compilePattern(pattern: string): CompiledPattern {
  let p = pattern.replace(/\\ /g, ' ');
  const dirOnly = p.endsWith('/');
  if (dirOnly) p = trimTrailingSlashes(p);
  const anchored = p.includes('/');
  p = p.replace(/^\/+/, '');
  if (p === '') {
    // `/` alone: the root directory, so everything.
    return { pattern, regex: RE2JS.compile('^.+$') };
  }
  const segments = p.split('/');
  const directChildrenOnly = !dirOnly && segments.length > 1 && segments[segments.length - 1] === '*';
  let body = '';
  segments.forEach((segment, i) => {
    const last = i === segments.length - 1;
    if (segment === '**') {
      if (last) body += '.*';
      else body += '(?:[^/]+/)*';
      return;
    }
    body += segment
      .split('')
      .map((ch) => (ch === '*' ? '[^/]*' : ch === '?' ? '[^/]' : escapeRegex(ch)))
      .join('');
    if (!last) body += '/';
  });
  // `**` as the last segment already spans the subtree.
  const endsWithGlobstar = segments[segments.length - 1] === '**';
  const prefix = anchored ? '^' : '^(?:[^/]+/)*';
  let suffix: string;
  if (endsWithGlobstar) suffix = dirOnly ? '/.+$' : '$';
  else if (dirOnly) suffix = '/.+$';
  else if (directChildrenOnly) suffix = '$';
  else suffix = '(?:/.+)?$';
  return { pattern, regex: RE2JS.compile(prefix + body + suffix) };
}

export function patternMatches(compiled: CompiledPattern, path: string): boolean {
  return compiled.regex.matcher(path.replace(/^\/+/, '')).find();
}
