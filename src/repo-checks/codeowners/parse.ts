import { compilePattern, patternMatches, unsupportedSyntax, type CompiledPattern } from './pattern.js';

/** The locations GitHub looks at, in its order: the first that exists is used. */
export const CODEOWNERS_LOCATIONS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'] as const;

/** GitHub does not load a CODEOWNERS file of 3 MB or more. */
export const CODEOWNERS_MAX_BYTES = 3 * 1024 * 1024;

interface CodeownersRule {
  /** 1-based line. */
  line: number;
  pattern: string;
  /** Valid owners (`@user`, `@org/team`, e-mail); empty means the paths are explicitly unowned. */
  owners: string[];
  compiled: CompiledPattern;
}

interface CodeownersError {
  line: number;
  column: number;
  message: string;
}

export interface ParsedCodeowners {
  rules: CodeownersRule[];
  /** Lines GitHub skips or owners it rejects. */
  errors: CodeownersError[];
}

export interface OwnersMatch {
  owners: string[];
  /** The deciding rule (last match), undefined when no line matches. */
  rule?: CodeownersRule;
}

const USER = /^@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;
const TEAM = /^@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\/[A-Za-z0-9_.-]+$/;
// `x@domain` with a dot inside the domain; the dot is checked in code (`[^@\s]+\.[^@\s]+` backtracks quadratically).
const EMAIL = /^[^@\s]+@([^@\s]+)$/;

export function isValidOwner(owner: string): boolean {
  if (USER.test(owner) || TEAM.test(owner)) return true;
  const domain = EMAIL.exec(owner)?.[1];
  return domain !== undefined && domain.slice(1, -1).includes('.');
}

/** Splits a line on unescaped whitespace, keeping each token's 1-based column. */
function tokenize(line: string): { text: string; column: number }[] {
  const tokens: { text: string; column: number }[] = [];
  let current = '';
  let start = -1;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '\\' && line[i + 1] === ' ') {
      if (start < 0) start = i;
      current += '\\ ';
      i++;
      continue;
    }
    if (/\s/.test(ch)) {
      if (start >= 0) tokens.push({ text: current, column: start + 1 });
      current = '';
      start = -1;
      continue;
    }
    if (start < 0) start = i;
    current += ch;
  }
  if (start >= 0) tokens.push({ text: current, column: start + 1 });
  return tokens;
}

/** Parses a CODEOWNERS file. Never throws: bad lines become errors and are skipped, as GitHub does. */
export function parseCodeowners(text: string): ParsedCodeowners {
  const rules: CodeownersRule[] = [];
  const errors: CodeownersError[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const tokens = tokenize(raw);
    const commentAt = tokens.findIndex((t) => t.text.startsWith('#'));
    const live = commentAt >= 0 ? tokens.slice(0, commentAt) : tokens;
    if (live.length === 0) return;
    const [patternToken, ...ownerTokens] = live;
    const pattern = patternToken!.text;
    const unsupported = unsupportedSyntax(pattern);
    if (unsupported) {
      errors.push({ line, column: patternToken!.column, message: `${unsupported}; GitHub skips this line` });
      return;
    }
    const owners: string[] = [];
    for (const token of ownerTokens) {
      if (isValidOwner(token.text)) owners.push(token.text);
      else
        errors.push({
          line,
          column: token.column,
          message: `invalid owner "${token.text}" (expected @user, @org/team or an e-mail address)`,
        });
    }
    rules.push({ line, pattern, owners, compiled: compilePattern(pattern) });
  });
  return { rules, errors };
}

/** Who owns `path`: the last matching line wins; a matching line without owners un-owns the path. */
export function ownersOf(parsed: ParsedCodeowners, path: string): OwnersMatch {
  for (let i = parsed.rules.length - 1; i >= 0; i--) {
    const rule = parsed.rules[i]!;
    if (patternMatches(rule.compiled, path)) return { owners: rule.owners, rule };
  }
  return { owners: [] };
}

/** The CODEOWNERS GitHub would use, given the paths that exist (first of .github/, root, docs/). */
export function locateCodeowners(exists: (path: string) => boolean): string | undefined {
  return CODEOWNERS_LOCATIONS.find((path) => exists(path));
}

/** Owners compare case-insensitively (GitHub logins, team slugs and e-mail addresses are case-insensitive). */
export function sameOwner(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
