import { isObject, type PathSegment } from '../manifests/index.js';
import { wildcardMatch } from './match.js';
import { parseDuration, parseQuantity } from './quantity.js';
import { spendTime } from '../model/time-bound.js';

/**
 * Kyverno validate patterns: wildcards `*` `?`, operators `!` `|` `&` `>` `<` `>=` `<=`,
 * ranges `1-10` and `!1-10`, `null`, and the anchors `(key)` conditional, `=(key)`
 * equality, `^(key)` existence, `X(key)` negation, `<(key)` global, `+(key)` (ignored).
 */
export type PatternResult =
  | { status: 'pass' }
  | { status: 'fail'; path: PathSegment[]; reason: string }
  /** A conditional anchor did not hold: the pattern does not apply. */
  | { status: 'skip' }
  /** A global anchor did not hold: the whole rule does not apply. */
  | { status: 'global-skip' };

const PASS: PatternResult = { status: 'pass' };

/** A part of a policy we cannot evaluate offline; becomes "not evaluated, because ...". */
export class Unsupported extends Error {}

const hasWildcard = (key: string) => key.includes('*') || key.includes('?');

/**
 * Kyverno expands wildcard keys in `metadata.labels` and `metadata.annotations` patterns
 * (`=(container.apparmor.security.beta.kubernetes.io/*)`) to the keys of the resource that
 * match; elsewhere a wildcard key is a case we do not evaluate (never a silent pass).
 */
function expandWildcardKeys(
  value: Record<string, unknown>,
  pattern: Record<string, unknown>,
  path: PathSegment[],
): Record<string, unknown> {
  if (!Object.keys(pattern).some((k) => hasWildcard(parseAnchor(k).name))) return pattern;
  const inMetadata =
    path.length >= 2 &&
    path[path.length - 2] === 'metadata' &&
    (path[path.length - 1] === 'labels' || path[path.length - 1] === 'annotations');
  const out: Record<string, unknown> = {};
  for (const [key, pat] of Object.entries(pattern)) {
    const anchor = parseAnchor(key);
    if (!hasWildcard(anchor.name)) {
      out[key] = pat;
      continue;
    }
    if (!inMetadata)
      throw new Unsupported(
        `the pattern key ${JSON.stringify(key)} has a wildcard outside metadata.labels and metadata.annotations`,
      );
    const wrap = (name: string) =>
      anchor.kind === 'plain' ? name : key.replace(`(${anchor.name})`, `(${name})`);
    const matching = Object.keys(value).filter((k) => wildcardMatch(anchor.name, k));
    // No matching key: the pattern asks for a key that is absent.
    if (matching.length === 0) out[key] = pat;
    for (const k of matching) out[wrap(k)] = pat;
  }
  return out;
}

type AnchorKind = 'conditional' | 'equality' | 'existence' | 'negation' | 'global' | 'add' | 'plain';

function parseAnchor(key: string): { kind: AnchorKind; name: string } {
  const m = /^(=|\^|X|<|\+)?\((.+)\)$/.exec(key);
  if (!m) return { kind: 'plain', name: key };
  const kind: AnchorKind =
    m[1] === '='
      ? 'equality'
      : m[1] === '^'
        ? 'existence'
        : m[1] === 'X'
          ? 'negation'
          : m[1] === '<'
            ? 'global'
            : m[1] === '+'
              ? 'add'
              : 'conditional';
  return { kind, name: m[2]! };
}

export function validatePattern(value: unknown, pattern: unknown, path: PathSegment[] = []): PatternResult {
  spendTime(); // one node of the resource: the file's time bound (src/model/time-bound.ts)
  if (isObject(pattern)) return validateMap(value, pattern, path);
  if (Array.isArray(pattern)) return validateArray(value, pattern, path);
  // A scalar pattern against a list checks every element (Kyverno's validateResourceElement).
  if (Array.isArray(value)) {
    const bad = value.findIndex((v) => !matchScalar(v, pattern));
    return bad < 0
      ? PASS
      : {
          status: 'fail',
          path: [...path, bad],
          reason: `expected ${JSON.stringify(pattern)}, found ${describe(value[bad])}`,
        };
  }
  return matchScalar(value, pattern)
    ? PASS
    : { status: 'fail', path, reason: `expected ${JSON.stringify(pattern)}, found ${describe(value)}` };
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function validateMap(value: unknown, pattern: Record<string, unknown>, path: PathSegment[]): PatternResult {
  if (!isObject(value)) return { status: 'fail', path, reason: `expected a map, found ${describe(value)}` };
  const entries = Object.entries(expandWildcardKeys(value, pattern, path)).map(([key, pat]) => ({
    ...parseAnchor(key),
    pat,
  }));
  // Conditions first: a conditional or global anchor that does not hold makes the rest not apply.
  for (const e of entries) {
    if (e.kind !== 'conditional' && e.kind !== 'global') continue;
    if (!(e.name in value)) return e.kind === 'global' ? { status: 'global-skip' } : { status: 'skip' };
    const r = validatePattern(value[e.name], e.pat, [...path, e.name]);
    if (r.status === 'global-skip') return r;
    if (r.status !== 'pass') return e.kind === 'global' ? { status: 'global-skip' } : { status: 'skip' };
  }
  for (const e of entries) {
    const child = [...path, e.name];
    const present = Object.prototype.hasOwnProperty.call(value, e.name) && value[e.name] !== undefined;
    switch (e.kind) {
      case 'conditional':
      case 'global':
      case 'add':
        continue;
      case 'negation':
        if (present) return { status: 'fail', path: child, reason: `${e.name} must not be set` };
        continue;
      case 'equality': {
        if (!present) continue;
        const r = validatePattern(value[e.name], e.pat, child);
        if (r.status !== 'pass') return r;
        continue;
      }
      case 'existence': {
        const list = value[e.name];
        if (!Array.isArray(list) || !Array.isArray(e.pat) || e.pat.length === 0)
          return { status: 'fail', path: child, reason: `${e.name} must have at least one matching element` };
        const elementPattern = e.pat[0];
        if (!list.some((item, i) => validatePattern(item, elementPattern, [...child, i]).status === 'pass'))
          return { status: 'fail', path: child, reason: `no element of ${e.name} matches` };
        continue;
      }
      case 'plain': {
        if (!present) {
          if (
            e.pat === null ||
            e.pat === 'null' ||
            (typeof e.pat === 'string' && e.pat.split('|').some((alt) => alt.trim() === 'null'))
          )
            continue;
          // A map pattern made only of optional anchors does not require the field.
          if (
            isObject(e.pat) &&
            Object.keys(e.pat).every((k) =>
              ['equality', 'negation', 'add', 'conditional'].includes(parseAnchor(k).kind),
            )
          )
            continue;
          return { status: 'fail', path: child, reason: `${e.name} is required` };
        }
        const r = validatePattern(value[e.name], e.pat, child);
        if (r.status !== 'pass') return r;
        continue;
      }
    }
  }
  return PASS;
}

function validateArray(value: unknown, pattern: unknown[], path: PathSegment[]): PatternResult {
  if (!Array.isArray(value))
    return { status: 'fail', path, reason: `expected a list, found ${describe(value)}` };
  if (pattern.length === 0) return PASS;
  if (isObject(pattern[0]) || pattern.length === 1) {
    const elementPattern = pattern[0];
    // As Kyverno's validateArrayOfMaps: elements whose conditional anchors do not hold are
    // skipped, and a list where every element was skipped skips the pattern.
    let applied = 0;
    let skipped = 0;
    for (let i = 0; i < value.length; i++) {
      const r = validatePattern(value[i], elementPattern, [...path, i]);
      if (r.status === 'fail' || r.status === 'global-skip') return r;
      if (r.status === 'skip') skipped++;
      else applied++;
    }
    return applied === 0 && skipped > 0 ? { status: 'skip' } : PASS;
  }
  // A list of scalars: element by element.
  if (value.length !== pattern.length)
    return { status: 'fail', path, reason: `expected ${pattern.length} elements` };
  for (let i = 0; i < pattern.length; i++)
    if (!matchScalar(value[i], pattern[i]))
      return { status: 'fail', path: [...path, i], reason: `expected ${JSON.stringify(pattern[i])}` };
  return PASS;
}

/** One scalar value against one scalar pattern. */
export function matchScalar(value: unknown, pattern: unknown): boolean {
  if (pattern === null) return value === null || value === undefined;
  if (typeof pattern === 'boolean') return value === pattern;
  if (typeof pattern === 'number') {
    if (typeof value === 'number') return value === pattern;
    if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)))
      return Number(value) === pattern;
    return false;
  }
  if (typeof pattern !== 'string') return false;
  if (isObject(value) || Array.isArray(value)) return pattern === '*';
  return pattern
    .split('|')
    .some((alternative) => alternative.split('&').every((part) => matchOperand(value, part.trim())));
}

function scalarText(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  return typeof value === 'string' ? value : String(value);
}

function matchOperand(value: unknown, pattern: string): boolean {
  spendTime(pattern.length + (typeof value === 'string' ? value.length : 1));
  if (pattern === 'null') return value === null || value === undefined;
  const text = scalarText(value);
  let m: RegExpExecArray | null;
  if ((m = /^(>=|<=|>|<)\s*(.+)$/.exec(pattern))) {
    if (text === undefined) return false;
    const c = compareOrdered(text, m[2]!);
    if (c === undefined) return false;
    return m[1] === '>=' ? c >= 0 : m[1] === '<=' ? c <= 0 : m[1] === '>' ? c > 0 : c < 0;
  }
  if ((m = /^(!)?(-?[^-\s]+)-(-?[^-\s]+)$/.exec(pattern)) && text !== undefined) {
    const low = compareOrdered(text, m[2]!);
    const high = compareOrdered(text, m[3]!);
    if (low !== undefined && high !== undefined) {
      const inside = low >= 0 && high <= 0;
      return m[1] ? !inside : inside;
    }
  }
  if (pattern.startsWith('!')) return !matchOperand(value, pattern.slice(1));
  if (text === undefined) return false;
  return wildcardMatch(pattern, text);
}

/** Compares a value with an operand as numbers, quantities or durations; undefined when not comparable. */
export function compareOrdered(value: string, operand: string): number | undefined {
  const a = Number(value);
  const b = Number(operand);
  if (value.trim() !== '' && operand.trim() !== '' && !Number.isNaN(a) && !Number.isNaN(b))
    return a < b ? -1 : a > b ? 1 : 0;
  const qa = parseQuantity(value);
  const qb = parseQuantity(operand);
  if (qa && qb) return qa.compare(qb);
  const da = parseDuration(value);
  const db = parseDuration(operand);
  if (da !== undefined && db !== undefined) return da < db ? -1 : da > db ? 1 : 0;
  return undefined;
}
