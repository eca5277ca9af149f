import { isObject, type JsonObject } from '../manifests/index.js';
import { compareOrdered, Unsupported } from './kyverno-pattern.js';
import { parseDuration, parseQuantity } from './quantity.js';
import { compileJmespath, queryJmespath, rootReferences } from './kyverno-jmespath.js';
import { wildcardMatch } from './match.js';

/**
 * Kyverno variables (`{{ JMESPath }}`) and conditions (preconditions, deny, foreach), as
 * pkg/engine/variables evaluates them.
 */

export { Unsupported };

/** The JMESPath context of one evaluation: `request`, `element`/`elementIndex` in foreach, context variables. */
export type KyvernoData = Record<string, unknown>;

/** Fields of `request` known offline (the API server adds userInfo, roles, clusterRoles, ...). */
const OFFLINE_REQUEST_FIELDS = new Set([
  'object',
  'oldObject',
  'operation',
  'namespace',
  'name',
  'kind',
  'dryRun',
]);

/** `{{ ... }}`, allowing one level of braces inside (multi-select hashes), as Kyverno's variable regex. */
const VARIABLE = /\{\{((?:\{[^{}]*\}|[^{}])*)\}\}/g;
const WHOLE_VARIABLE = /^\s*\{\{((?:\{[^{}]*\}|[^{}])*)\}\}\s*$/;

/** Every `{{ }}` expression of a rule part (keys included). */
export function variablesIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') for (const m of value.matchAll(VARIABLE)) out.push(m[1]!.trim());
  else if (Array.isArray(value)) value.forEach((v) => variablesIn(v, out));
  else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      variablesIn(k, out);
      variablesIn(v, out);
    }
  }
  return out;
}

/**
 * Why an expression cannot be evaluated offline (it reads what only the cluster knows), or
 * undefined. `names` are the context names available (element, context variables, ...).
 * Throws on a syntax error.
 */
export function unavailableIn(expression: string, names: ReadonlySet<string>): string | undefined {
  for (const ref of rootReferences(expression)) {
    const [root, field] = ref;
    if (root === 'request') {
      if (field === undefined || !OFFLINE_REQUEST_FIELDS.has(field))
        return `the variable {{ ${expression} }} reads request${field ? `.${field}` : ''}, which only the API server knows`;
    } else if (!names.has(root!) && !/^element(Index)?\d*$/.test(root!)) {
      return `the variable {{ ${expression} }} reads ${root}, which comes from the cluster or a context entry we cannot evaluate`;
    }
  }
  return undefined;
}

/** Parses an expression (throws on a syntax error). */
export function checkSyntax(expression: string): void {
  compileJmespath(expression);
}

/** The value of one `{{ }}` expression; reading what only the cluster knows is Unsupported, a JMESPath runtime error a VariableError. */
function resolve(expression: string, data: KyvernoData): unknown {
  const text = expression.trim();
  let reason: string | undefined;
  try {
    reason = unavailableIn(text, new Set(Object.keys(data)));
  } catch (e) {
    throw new VariableError(`{{ ${text} }} is not valid JMESPath: ${(e as Error).message.split('\n')[0]}`);
  }
  if (reason) throw new Unsupported(reason);
  try {
    const value = queryJmespath(text, data);
    return value === undefined ? null : value;
  } catch (e) {
    throw new VariableError(`{{ ${text} }} failed: ${(e as Error).message}`);
  }
}

/** A variable that fails to evaluate (Kyverno reports the rule as an error). */
export class VariableError extends Error {}

/** Kyverno resolves nested variables innermost first, until none is left (bounded here). */
const MAX_SUBSTITUTION_ROUNDS = 16;

function substituteString(value: string, data: KyvernoData): unknown {
  let current = value;
  for (let round = 0; round < MAX_SUBSTITUTION_ROUNDS; round++) {
    if (!current.includes('{{')) return current;
    const whole = WHOLE_VARIABLE.exec(current);
    if (whole) {
      const v = resolve(whole[1]!, data);
      if (typeof v !== 'string' || !v.includes('{{')) return v;
      current = v;
      continue;
    }
    const next = current.replace(VARIABLE, (_, e: string) => {
      const v = resolve(e, data);
      return typeof v === 'string' ? v : JSON.stringify(v);
    });
    if (next === current) return current;
    current = next;
  }
  throw new VariableError(
    `the variables of ${JSON.stringify(value.slice(0, 80))} did not resolve in ${MAX_SUBSTITUTION_ROUNDS} rounds`,
  );
}

/** Replaces `{{ }}` in strings and keys; a string that is one variable takes the variable's value and type. */
export function substitute(value: unknown, data: KyvernoData): unknown {
  if (typeof value === 'string') return substituteString(value, data);
  if (Array.isArray(value)) return value.map((v) => substitute(v, data));
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value))
      out[k.includes('{{') ? String(substitute(k, data)) : k] = substitute(v, data);
    return out;
  }
  return value;
}

// ---- conditions (pkg/engine/variables/operator) ----

const OPERATORS = new Set([
  'Equals',
  'Equal',
  'NotEquals',
  'NotEqual',
  'In',
  'AnyIn',
  'AllIn',
  'NotIn',
  'AnyNotIn',
  'AllNotIn',
  'GreaterThan',
  'GreaterThanOrEquals',
  'LessThan',
  'LessThanOrEquals',
  'DurationGreaterThan',
  'DurationGreaterThanOrEquals',
  'DurationLessThan',
  'DurationLessThanOrEquals',
]);

/** Go's fmt.Sprint of a JSON value, as Kyverno stringifies keys and values. */
function sprint(v: unknown): string {
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** Equals of a scalar key with a condition value (EqualHandler): durations, quantities, then wildcards. */
function scalarEquals(pattern: unknown, key: unknown): boolean {
  if (typeof key === 'string') {
    if (typeof pattern !== 'string') return false;
    const dk = parseDuration(key);
    const dp = parseDuration(pattern);
    if (dk !== undefined && dp !== undefined) return dk === dp;
    const qk = parseQuantity(key);
    const qp = parseQuantity(pattern);
    if (qk && qp) return qk.compare(qp) === 0;
    return wildcardMatch(pattern, key);
  }
  if (typeof key === 'number') {
    if (typeof pattern === 'number') return pattern === key;
    if (typeof pattern === 'string' && pattern.trim() !== '' && !Number.isNaN(Number(pattern)))
      return Number(pattern) === key;
    return false;
  }
  if (typeof key === 'boolean') return pattern === key;
  return false;
}

/** A range `low-high` or `!low-high` of numbers, as the In-family operators accept. */
function inRange(key: string, range: string): boolean | undefined {
  const m = /^(!)?(-?\d+(?:\.\d+)?)-(-?\d+(?:\.\d+)?)$/.exec(range.trim());
  if (!m) return undefined;
  const k = Number(key);
  if (key.trim() === '' || Number.isNaN(k)) return m[1] ? true : false;
  const inside = k >= Number(m[2]) && k <= Number(m[3]);
  return m[1] ? !inside : inside;
}

/** The values an In-family operator compares with: a list, a range, a JSON list in a string, or one wildcard string. */
function valueMatcher(value: unknown): ((key: string) => boolean) | undefined {
  if (Array.isArray(value)) {
    const values = value.map(sprint);
    return (key) => values.some((v) => wildcardMatch(v, key) || wildcardMatch(key, v));
  }
  if (typeof value === 'string') {
    if (inRange('0', value) !== undefined) return (key) => inRange(key, value)!;
    const trimmed = value.trim();
    if (trimmed.startsWith('[')) {
      try {
        const parsed = JSON.parse(trimmed) as unknown;
        if (Array.isArray(parsed)) return valueMatcher(parsed);
      } catch {
        // a plain string
      }
    }
    return (key) => wildcardMatch(value, key);
  }
  return undefined;
}

export function evaluateCondition(key: unknown, operator: string, value: unknown): boolean {
  switch (operator) {
    case 'Equals':
    case 'Equal':
      if (Array.isArray(key) || isObject(key)) return JSON.stringify(key) === JSON.stringify(value);
      if (key === null || key === undefined) return false;
      return scalarEquals(value, key);
    case 'NotEquals':
    case 'NotEqual':
      if (key === null || key === undefined) return false;
      return !evaluateCondition(key, 'Equals', value);
    default:
      break;
  }
  if (['In', 'AnyIn', 'AllIn', 'NotIn', 'AnyNotIn', 'AllNotIn'].includes(operator)) {
    const matcher = valueMatcher(value);
    if (!matcher) return false;
    if (key === null || key === undefined || isObject(key)) return false;
    const keys = Array.isArray(key) ? key.map(sprint) : [sprint(key)];
    const found = keys.filter((k) => matcher(k)).length;
    switch (operator) {
      case 'AnyIn':
        return found > 0;
      case 'In':
      case 'AllIn':
        return found === keys.length;
      case 'NotIn':
        return found !== keys.length;
      case 'AnyNotIn':
        return found < keys.length;
      default:
        return found === 0;
    }
  }
  if (key === null || key === undefined || value === null || value === undefined) return false;
  const c = compareOrdered(String(key), String(value));
  if (c === undefined) return false;
  const op = operator.replace(/^Duration/, '');
  return op === 'GreaterThan'
    ? c > 0
    : op === 'GreaterThanOrEquals'
      ? c >= 0
      : op === 'LessThan'
        ? c < 0
        : c <= 0;
}

/** `{any: [...], all: [...]}` or a plain list (all). Throws Unsupported for unknown operators. */
export function evaluateConditions(conditions: unknown, data: KyvernoData): boolean {
  const check = (list: unknown) =>
    (Array.isArray(list) ? list : []).map((c) => {
      if (!isObject(c)) throw new Unsupported('a condition is not a map');
      const operator = String(c.operator ?? '');
      if (!OPERATORS.has(operator))
        throw new Unsupported(`the condition operator ${JSON.stringify(operator)} is not supported`);
      return evaluateCondition(substitute(c.key, data), operator, substitute(c.value, data));
    });
  if (Array.isArray(conditions)) return check(conditions).every(Boolean);
  if (!isObject(conditions)) return true;
  const any =
    Array.isArray(conditions.any) && conditions.any.length ? check(conditions.any).some(Boolean) : true;
  const all =
    Array.isArray(conditions.all) && conditions.all.length ? check(conditions.all).every(Boolean) : true;
  return any && all;
}
