import { globMatch } from '../model/index.js';
import type { RepositoryChecksConfig } from './config.js';
import {
  CODEOWNERS_LOCATIONS,
  CODEOWNERS_MAX_BYTES,
  ownersOf,
  parseCodeowners,
  sameOwner,
  type ParsedCodeowners,
} from './codeowners/parse.js';
import { summarizeItems } from './outcome.js';
import {
  isUnavailable,
  type CheckItem,
  type CheckResult,
  type CodeownersFile,
  type RepoSnapshot,
} from './types.js';

const LOCATIONS: readonly string[] = CODEOWNERS_LOCATIONS;

function matchesSensitive(path: string, pattern: string): boolean {
  return globMatch(path, pattern.replace(/^\/+/, ''), {
    dot: true,
    nocase: false,
    nonegate: true,
    nocomment: true,
  });
}

/** A path the glob matches, to compare ownership when the file list is unknown (`clusters/prod/**` -> `clusters/prod/__any__`). */
export function probePath(pattern: string): string {
  let p = pattern
    .replace(/^\/+/, '')
    .replace(/\*\*/g, '__any__')
    .replace(/\*/g, '__any__')
    .replace(/\?/g, 'x');
  if (p.endsWith('/') || p === '') p += '__any__';
  return p;
}

function byteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code >= 0xd800 && code <= 0xdbff ? (i++, 4) : 3;
  }
  return bytes;
}

/** Parses a CODEOWNERS file as GitHub loads it: not at all when it is 3 MB or more. */
function load(file: CodeownersFile): { parsed?: ParsedCodeowners; tooLarge: boolean } {
  if (byteLength(file.text) >= CODEOWNERS_MAX_BYTES) return { tooLarge: true };
  return { parsed: parseCodeowners(file.text), tooLarge: false };
}

const ownersText = (owners: readonly string[]) => (owners.length ? owners.join(' ') : 'nobody');
const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((x) => b.some((y) => sameOwner(x, y)));

export interface OwnershipChange {
  pattern: string;
  paths: string[];
  before: string[];
  after: string[];
}

/** How a new CODEOWNERS changes the owners of paths matching the sensitive globs. */
export function ownershipChanges(
  base: ParsedCodeowners | undefined,
  head: ParsedCodeowners | undefined,
  sensitive: readonly { pattern: string }[],
  candidates: readonly string[],
): OwnershipChange[] {
  const changes = new Map<string, OwnershipChange>();
  for (const { pattern } of sensitive) {
    const paths = new Set(candidates.filter((p) => matchesSensitive(p, pattern)));
    paths.add(probePath(pattern));
    for (const path of [...paths].sort()) {
      const before = base ? ownersOf(base, path).owners : [];
      const after = head ? ownersOf(head, path).owners : [];
      if (sameSet(before, after)) continue;
      const key = `${pattern}\u0000${before.join(' ')}\u0000${after.join(' ')}`;
      const entry = changes.get(key) ?? { pattern, paths: [], before, after };
      entry.paths.push(path);
      changes.set(key, entry);
    }
  }
  return [...changes.values()];
}

export function checkCodeowners(snapshot: RepoSnapshot, config: RepositoryChecksConfig): CheckResult {
  const settings = config.codeowners;
  const head = { check: 'codeowners' as const, title: 'CODEOWNERS', severity: settings.severity };
  if (!settings.enabled)
    return { ...head, outcome: 'not_applicable', summary: 'Turned off in the configuration.', items: [] };
  if (snapshot.changedFiles === undefined)
    return { ...head, outcome: 'not_applicable', summary: 'No changed files to check.', items: [] };
  if (isUnavailable(snapshot.codeowners)) {
    return {
      ...head,
      outcome: 'not_available',
      summary: `CODEOWNERS could not be read: ${snapshot.codeowners.unavailable}.`,
      items: [],
    };
  }
  const items: CheckItem[] = [];
  const file = snapshot.codeowners;
  let parsed: ParsedCodeowners | undefined;
  if (file) {
    const loaded = load(file);
    parsed = loaded.parsed;
    if (loaded.tooLarge) {
      items.push({
        outcome: 'fail',
        ruleId: 'codeowners-too-large',
        subject: file.path,
        file: file.path,
        line: 1,
        message: `${file.path} is 3 MB or larger: GitHub does not load it, so no path has an owner.`,
      });
    }
  }

  // Errors: GitHub's own (codeowners/errors, of the base file or of the pull request's version) and ours (base file).
  const githubErrors =
    snapshot.codeownersErrors && !isUnavailable(snapshot.codeownersErrors) ? snapshot.codeownersErrors : [];
  const errorsAtHead = snapshot.codeownersErrorsAt === 'head';
  const headPath =
    snapshot.headCodeowners && !isUnavailable(snapshot.headCodeowners)
      ? snapshot.headCodeowners.path
      : undefined;
  for (const e of githubErrors) {
    const where = e.path ?? (errorsAtHead ? headPath : file?.path) ?? 'CODEOWNERS';
    items.push({
      outcome: 'fail',
      ruleId: 'codeowners-github-error',
      subject: `${where}:${e.line}:${e.kind}`,
      file: where,
      line: e.line,
      severity: 'medium',
      message: `GitHub reports "${e.kind}" at ${errorsAtHead ? "the pull request's " : ''}${where} line ${e.line}${e.column ? `, column ${e.column}` : ''}${e.message ? `: ${e.message.split('\n')[0]}` : ''}${e.suggestion ? ` (suggestion: ${e.suggestion})` : ''}.`,
    });
  }
  for (const e of parsed?.errors ?? []) {
    if (!errorsAtHead && githubErrors.some((g) => g.line === e.line)) continue;
    items.push({
      outcome: 'fail',
      ruleId: 'codeowners-syntax',
      subject: `${file!.path}:${e.line}:${e.column}`,
      file: file!.path,
      line: e.line,
      severity: 'medium',
      message: `${file!.path} line ${e.line}, column ${e.column}: ${e.message}.`,
    });
  }

  // Coverage of every changed path (both sides of a rename).
  const paths = [
    ...new Set(
      snapshot.changedFiles.flatMap((f) =>
        f.previousPath && f.previousPath !== f.path ? [f.previousPath, f.path] : [f.path],
      ),
    ),
  ];
  if (settings.requireCoverage) {
    if (!file) {
      if (paths.length) {
        items.push({
          outcome: 'fail',
          ruleId: 'codeowners-missing',
          subject: 'CODEOWNERS',
          file: '',
          line: 1,
          message: `The base branch has no CODEOWNERS file (${LOCATIONS.join(', ')}): none of the ${paths.length} changed file${paths.length === 1 ? '' : 's'} has an owner.`,
        });
      }
    } else if (parsed) {
      for (const path of paths) {
        const match = ownersOf(parsed, path);
        if (match.owners.length) {
          items.push({
            outcome: 'pass',
            ruleId: 'codeowners-uncovered-file',
            subject: path,
            file: path,
            line: 1,
            message: `${path}: owned by ${match.owners.join(' ')} (${file.path} line ${match.rule!.line}).`,
          });
        } else {
          const why = match.rule
            ? `${file.path} line ${match.rule.line} (\`${match.rule.pattern}\`) matches it with no owners`
            : `no line of ${file.path} matches it`;
          items.push({
            outcome: 'fail',
            ruleId: 'codeowners-uncovered-file',
            subject: path,
            file: path,
            line: 1,
            message: `${path} has no code owner: ${why}.`,
          });
        }
      }
    }
  }

  // Sensitive paths must be owned by the configured owners.
  for (const sensitive of settings.sensitivePaths) {
    for (const path of paths.filter((p) => matchesSensitive(p, sensitive.pattern))) {
      const match = parsed ? ownersOf(parsed, path) : { owners: [] as string[], rule: undefined };
      const ok = match.owners.some((o) => sensitive.owners.some((r) => sameOwner(o, r)));
      const decided = match.rule
        ? `${file!.path} line ${match.rule.line} gives it ${ownersText(match.owners)}`
        : 'no CODEOWNERS line matches it';
      items.push({
        outcome: ok ? 'pass' : 'fail',
        ruleId: 'codeowners-sensitive-path',
        subject: `${sensitive.pattern}:${path}`,
        file: path,
        line: 1,
        message: ok
          ? `${path} (sensitive: ${sensitive.pattern}) is owned by ${match.owners.join(' ')}.`
          : `${path} matches the sensitive path ${sensitive.pattern} and must be owned by ${sensitive.owners.join(' or ')}, but ${decided}.`,
      });
    }
  }

  // A change to CODEOWNERS itself: flag it, and list what it does to sensitive paths.
  const touched = snapshot.changedFiles.filter(
    (f) => LOCATIONS.includes(f.path) || (f.previousPath !== undefined && LOCATIONS.includes(f.previousPath)),
  );
  if (touched.length)
    items.push(
      ...codeownersChangeItems(
        snapshot,
        config,
        parsed,
        touched.map((f) => f.path),
      ),
    );

  const failing = items.filter((i) => i.outcome === 'fail');
  const uncovered = failing.filter((i) => i.ruleId === 'codeowners-uncovered-file').length;
  const parts: string[] = [];
  if (!file) parts.push('no CODEOWNERS file on the base branch');
  if (uncovered) parts.push(`${uncovered} changed file${uncovered === 1 ? '' : 's'} without an owner`);
  const sensitiveFails = failing.filter((i) => i.ruleId === 'codeowners-sensitive-path').length;
  if (sensitiveFails)
    parts.push(
      `${sensitiveFails} sensitive path${sensitiveFails === 1 ? '' : 's'} without the required owners`,
    );
  if (touched.length) parts.push('the pull request changes CODEOWNERS');
  const errors = failing.filter(
    (i) => i.ruleId === 'codeowners-syntax' || i.ruleId === 'codeowners-github-error',
  ).length;
  if (errors) parts.push(`${errors} error${errors === 1 ? '' : 's'} in CODEOWNERS`);
  const summary = parts.length
    ? `${parts.join('; ')}.`.replace(/^./, (c) => c.toUpperCase())
    : `All ${paths.length} changed path${paths.length === 1 ? '' : 's'} have owners (${file?.path}).`;
  const notes = isUnavailable(snapshot.codeownersErrors)
    ? ` GitHub's CODEOWNERS errors could not be read: ${snapshot.codeownersErrors.unavailable}.`
    : '';
  return { ...head, outcome: summarizeItems(items), summary: summary + notes, items };
}

function codeownersChangeItems(
  snapshot: RepoSnapshot,
  config: RepositoryChecksConfig,
  base: ParsedCodeowners | undefined,
  touched: string[],
): CheckItem[] {
  const settings = config.codeowners;
  const where = touched[0]!;
  const items: CheckItem[] = [];
  const headFile = snapshot.headCodeowners;
  const lines: string[] = [];
  let changes: OwnershipChange[] = [];
  if (!('headCodeowners' in snapshot)) {
    lines.push('the new ownership was not compared (the head CODEOWNERS was not read)');
  } else if (isUnavailable(headFile)) {
    lines.push(`the new ownership could not be compared: ${headFile.unavailable}`);
  } else {
    const headParsed = headFile ? load(headFile).parsed : undefined;
    if (headFile && !headParsed)
      lines.push(`the new ${headFile.path} is 3 MB or larger, so GitHub would ignore it`);
    if (!headFile) lines.push('it removes the CODEOWNERS file: nothing would have an owner');
    for (const e of headParsed?.errors ?? [])
      lines.push(`the new ${headFile!.path} line ${e.line}: ${e.message}`);
    const candidates = [
      ...new Set([...(snapshot.treePaths ?? []), ...(snapshot.changedFiles ?? []).map((f) => f.path)]),
    ];
    changes = ownershipChanges(base, headParsed, settings.sensitivePaths, candidates);
  }
  const describe = (c: OwnershipChange) =>
    `${c.pattern}: ${c.paths.length > 3 ? `${c.paths.slice(0, 3).join(', ')} and ${c.paths.length - 3} more` : c.paths.join(', ')} from ${ownersText(c.before)} to ${ownersText(c.after)}`;
  items.push({
    outcome: 'fail',
    ruleId: 'codeowners-changed',
    subject: where,
    file: where,
    line: 1,
    severity: settings.changeSeverity,
    message: `This pull request changes ${touched.join(', ')}: review it with care (the new owners take effect once it merges).${
      changes.length
        ? ` Ownership of sensitive paths changes: ${changes.map(describe).join('; ')}.`
        : settings.sensitivePaths.length
          ? ' It does not change the owners of the sensitive paths.'
          : ''
    }${lines.length ? ` Also: ${lines.join('; ')}.` : ''}`,
  });
  // Losing a required owner is as serious as a sensitive path without one.
  for (const c of changes) {
    const required = settings.sensitivePaths.filter((s) => s.pattern === c.pattern).flatMap((s) => s.owners);
    const had = c.before.some((o) => required.some((r) => sameOwner(o, r)));
    const has = c.after.some((o) => required.some((r) => sameOwner(o, r)));
    if (had && !has) {
      items.push({
        outcome: 'fail',
        ruleId: 'codeowners-sensitive-owner-removed',
        subject: `${c.pattern}:${c.before.join(',')}>${c.after.join(',')}`,
        file: where,
        line: 1,
        message: `The new CODEOWNERS takes ${c.pattern} away from ${required.join(' / ')}: ${describe(c)}.`,
      });
    }
  }
  return items;
}
