/**
 * Every regular expression in src/ (outside src/policy, which bounds CEL and Kyverno itself)
 * runs on repository text somewhere, so each must be linear-time. recheck (a ReDoS checker that
 * finds polynomial as well as exponential backtracking) checks every literal; the few it cannot
 * call safe are listed here with the reason they are, and a new one fails this test until it is
 * rewritten or reviewed. Patterns built at run time are listed too.
 */
import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { checkSync } from 'recheck';
import ts from 'typescript';

const SRC = join(import.meta.dirname, '..', '..', 'src');

/** Literals recheck does not call safe, and why they are linear anyway. Keyed by file and pattern source. */
const REVIEWED: Record<string, string> = {
  'manifests/load.ts /^\\s*(?:-\\s+)?(["\']?)([^"\':#]+)\\1\\s*:/':
    'runs on one line cut to 256 characters (duplicateKeyName)',
  'rules/secrets/_lib/patterns.ts /["\']?(?:AWS|aws|Aws)?_?(?:SECRET|secret|Secret)_?(?:ACCESS|access|Access)_?(?:KEY|key|Key)["\']?\\s*(?::|=>|=)\\s*["\']?([A-Za-z0-9/+=]{40})["\']?\\b/':
    'each attempt starts at a fixed keyword; the blanks after one keyword are scanned once; the value is a fixed 40',
  'rules/secrets/_lib/patterns.ts /"private_key_id"\\s*:\\s*"[0-9a-f]{20,}"[\\s\\S]{0,200}"private_key"\\s*:\\s*"-----BEGIN/':
    'starts at a fixed keyword; the gap is bounded ({0,200})',
  'rules/secrets/_lib/patterns.ts /(?<!\\p{L})(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9_]{36}(?![A-Za-z0-9_])|(?<!\\p{L})github_pat_[A-Za-z0-9_]{82}(?![A-Za-z0-9_])/u':
    'fixed-length tokens ({36}, {82}): at most 82 steps per start',
  'rules/secrets/_lib/patterns.ts /sk-(?:proj|svcacct|admin)-(?:[A-Za-z0-9_-]{74}|[A-Za-z0-9_-]{58})T3BlbkFJ(?:[A-Za-z0-9_-]{74}|[A-Za-z0-9_-]{58})\\b|sk-[a-zA-Z0-9]{20}T3BlbkFJ[a-zA-Z0-9]{20}/':
    'fixed-length tokens: a bounded number of steps per start',
  'rules/secrets/_lib/patterns.ts /\\b[a-zA-Z][-a-zA-Z0-9+.]{1,30}:\\/\\/[^\\s:/@"\'`]{1,256}:([^\\s@/"\'`]{1,256})@[-a-zA-Z0-9%._+~#=]{1,256}/':
    'bounded repetitions ({1,30}, {1,256}); host and password cannot cross the `:` and `@` that end them',
  'rules/workload/_lib/secret-names.ts /^(changeme|change[-_ ]?me|replace[-_ ]?me|to[-_ ]?do|tbd|xxx+|\\*+|\\.+|-+|_+|dummy|example|sample|placeholder|secret|password|token|redacted|none|null|nil|undefined|empty|default|test|foo|bar|your[-_].*|my[-_].*|insert[-_].*|set[-_]?me|fill[-_]?me(?:[-_]in)?)$/i':
    'anchored alternation of words; each repeated branch (xxx+, \\*+, .*) runs once to the end',
};

/**
 * Patterns compiled at run time, and why they are safe. Keyed by file. Globs from configuration
 * and manifests (CODEOWNERS, registry allow-lists) compile to RE2 (re2js) instead, and other globs
 * go through minimatch's non-backtracking matcher (src/model/glob.ts).
 */
const DYNAMIC: Record<string, string> = {
  'cli/github-pull-request.ts':
    "the `--pr` argument's two forms, composed from one constant name class that excludes the separators (linear); the user's argument, not repository text",
  'rules/secrets/_lib/keyed-secrets.ts':
    "the provider keywords of gitleaks' keyed rules, each and as one alternation, case-insensitive alternations of words, run on keys of at most 120 characters (bounded); the rules themselves run on re2js",
  'rules/secrets/_lib/patterns.ts':
    "the secret patterns' `mustContain` literals (escaped), as case-insensitive alternations of fixed strings: linear",
  'redaction/secret-values.ts':
    'the secretlint patterns of rules/secrets/_lib/patterns.ts (reviewed above), with the g and d flags added',
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return name === 'policy' && dir === SRC ? [] : sourceFiles(full);
    return full.endsWith('.ts') && !full.endsWith('.test.ts') ? [full] : [];
  });
}

function regexpsOf(file: string): { literals: string[]; dynamic: number } {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const literals: string[] = [];
  let dynamic = 0;
  const visit = (node: ts.Node) => {
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) literals.push(node.getText());
    if (ts.isNewExpression(node) && node.expression.getText() === 'RegExp') dynamic++;
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { literals, dynamic };
}

describe('regular expressions on repository text', () => {
  const files = sourceFiles(SRC);

  it('every literal is linear-time (recheck) or reviewed above', () => {
    const unsafe: string[] = [];
    let checked = 0;
    for (const file of files) {
      const rel = relative(SRC, file).replace(/\\/g, '/');
      for (const literal of regexpsOf(file).literals) {
        checked++;
        const end = literal.lastIndexOf('/');
        const result = checkSync(literal.slice(1, end), literal.slice(end + 1), { timeout: 30_000 });
        if (result.status !== 'safe' && !REVIEWED[`${rel} ${literal}`])
          unsafe.push(`${rel} ${literal} (${result.status})`);
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(unsafe).toEqual([]);
  }, 600_000);

  it('every pattern built at run time is listed with its reason', () => {
    const dynamic = files
      .filter((file) => regexpsOf(file).dynamic > 0)
      .map((file) => relative(SRC, file).replace(/\\/g, '/'));
    expect(dynamic.sort()).toEqual(Object.keys(DYNAMIC).sort());
  });
});
