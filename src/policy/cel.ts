import { Environment } from '@marcbachmann/cel-js';
import { RE2JS } from 're2js';
import { parseQuantity, Quantity } from './quantity.js';
import { spendTime } from '../model/time-bound.js';

/**
 * CEL as Kubernetes uses it for admission: the CEL standard library (macros `has`, `all`,
 * `exists`, `exists_one`, `map`, `filter`, `cel.bind`, optional `?.`) from
 * @marcbachmann/cel-js, plus the Kubernetes CEL libraries manifests need: strings, lists,
 * regex, quantity and URL. Documented in docs/custom-rules.md.
 *
 * Evaluation is bounded as the API server bounds it: every expression has a cost budget
 * (`CEL_LIMITS`), regular expressions run on RE2 (linear time, the syntax Kubernetes uses),
 * and each expression has a wall-clock bound. A breach is an evaluation error, never a hang.
 */

/** A parsed URL, as Kubernetes' `url()` returns it. */
class CelUrl {
  constructor(readonly url: URL) {}
}

/** Every variable an admission expression may use; unused ones are bound to null. */
const CEL_VARIABLES = [
  'object',
  'oldObject',
  'params',
  'request',
  'namespaceObject',
  'variables',
  'authorizer',
] as const;

export type CelProgram = (context: Record<string, unknown>) => unknown;

export interface CelCompileError {
  message: string;
  /** Offset inside the expression. */
  offset?: number;
}

let environment: Environment | undefined;

/** The shared environment (built once per process). */
function celEnvironment(): Environment {
  if (environment) return environment;
  const env = new Environment({
    unlistedVariablesAreDyn: false,
    homogeneousAggregateLiterals: false,
    enableOptionalTypes: true,
  });
  for (const name of CEL_VARIABLES) env.registerVariable(name, 'dyn');
  registerStrings(env);
  registerLists(env);
  registerRegex(env);
  registerQuantity(env);
  registerUrl(env);
  environment = env;
  return env;
}

/** Parses and type-checks an expression once; the program is reused for every resource. */
export function compileCel(expression: string): { program: CelProgram } | { error: CelCompileError } {
  if (typeof expression !== 'string' || !expression.trim())
    return { error: { message: 'the expression is empty' } };
  try {
    const env = celEnvironment();
    const parsed = env.parse(expression);
    useLinearRegex(parsed.ast);
    const checked = parsed.check();
    if (!checked.valid) return { error: celError(checked.error) };
    meterEvaluation(parsed.ast as unknown as AstNode);
    return { program: (context) => withBudget(() => parsed(context)) };
  } catch (error) {
    return { error: celError(error) };
  }
}

function celError(error: unknown): CelCompileError {
  const e = error as { summary?: string; message?: string; range?: { start: number } };
  const message = (e?.summary ?? e?.message ?? String(error)).split('\n')[0]!;
  return { message, ...(e?.range ? { offset: e.range.start } : {}) };
}

/** A runtime error message without the source highlight. */
export function celErrorMessage(error: unknown): string {
  return celError(error).message;
}

const converted = new WeakMap<object, unknown>();

/** Plain JSON (from YAML) to CEL values: integers become int (BigInt), objects maps. Cached per object. */
export function toCel(value: unknown): unknown {
  if (typeof value === 'number')
    return Number.isInteger(value) && Number.isSafeInteger(value) ? BigInt(value) : value;
  if (value === undefined) return null;
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value.toISOString();
  const cached = converted.get(value);
  if (cached !== undefined) return cached;
  let out: unknown;
  if (Array.isArray(value)) out = value.map(toCel);
  else {
    const map: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) map[k] = toCel(v);
    out = map;
  }
  converted.set(value, out);
  return out;
}

/** CEL values back to plain JSON-ish values (for messages and variables shown to users). */
export function fromCel(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Quantity) return value.text;
  if (value instanceof CelUrl) return value.url.href;
  if (Array.isArray(value)) return value.map(fromCel);
  if (value instanceof Map)
    return Object.fromEntries([...value.entries()].map(([k, v]) => [String(k), fromCel(v)]));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromCel(v)]));
  return value;
}

function fail(message: string): never {
  throw new Error(message);
}

function registerStrings(env: Environment): void {
  // Built in already: contains, startsWith, endsWith, matches, size, lowerAscii, upperAscii,
  // trim, indexOf, lastIndexOf, substring, split, join.
  env.registerFunction('string.replace(string, string): string', (s: string, from: string, to: string) =>
    s.split(from).join(to),
  );
  env.registerFunction(
    'string.replace(string, string, int): string',
    (s: string, from: string, to: string, n: bigint) => {
      if (n < 0n) return s.split(from).join(to);
      let out = s;
      let index = 0;
      for (let i = 0n; i < n; i++) {
        const at = out.indexOf(from, index);
        if (at < 0) break;
        out = out.slice(0, at) + to + out.slice(at + from.length);
        index = at + to.length + (from === '' ? 1 : 0);
      }
      return out;
    },
  );
  env.registerFunction('string.charAt(int): string', (s: string, i: bigint) => {
    const chars = [...s];
    if (i < 0n || i > BigInt(chars.length)) fail(`index out of range: ${i}`);
    return chars[Number(i)] ?? '';
  });
  env.registerFunction('string.reverse(): string', (s: string) => [...s].reverse().join(''));
}

function compareValues(a: unknown, b: unknown): number {
  if (a instanceof Quantity && b instanceof Quantity) return a.compare(b);
  if ((typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number')) {
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return fail(`cannot compare ${typeof a} and ${typeof b}`);
}

function celEquals(a: unknown, b: unknown): boolean {
  if (a instanceof Quantity && b instanceof Quantity) return a.compare(b) === 0;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => celEquals(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    return (
      ka.length === Object.keys(b).length &&
      ka.every((k) => celEquals((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
    );
  }
  return a === b;
}

function registerLists(env: Environment): void {
  env.registerFunction('list.isSorted(): bool', (l: unknown[]) =>
    l.every((v, i) => i === 0 || compareValues(l[i - 1], v) <= 0),
  );
  env.registerFunction('list.sum(): dyn', (l: unknown[]) => {
    if (l.length === 0) return 0n;
    return l.reduce((acc: unknown, v) => {
      if (acc instanceof Quantity && v instanceof Quantity) return acc.add(v);
      if (typeof acc === 'bigint' && typeof v === 'bigint') return acc + v;
      if (typeof acc === 'number' && typeof v === 'number') return acc + v;
      return fail('sum() needs a list of int, double or quantity of one type');
    });
  });
  const extreme = (l: unknown[], sign: number) => {
    if (l.length === 0) fail('min() and max() need a non-empty list');
    return l.reduce((best, v) => (compareValues(v, best) * sign > 0 ? v : best));
  };
  env.registerFunction('list.min(): dyn', (l: unknown[]) => extreme(l, -1));
  env.registerFunction('list.max(): dyn', (l: unknown[]) => extreme(l, 1));
  env.registerFunction('list.indexOf(dyn): int', (l: unknown[], v: unknown) =>
    BigInt(l.findIndex((x) => celEquals(x, v))),
  );
  env.registerFunction('list.lastIndexOf(dyn): int', (l: unknown[], v: unknown) => {
    for (let i = l.length - 1; i >= 0; i--) if (celEquals(l[i], v)) return BigInt(i);
    return -1n;
  });
  env.registerFunction('list.slice(int, int): list', (l: unknown[], from: bigint, to: bigint) => {
    if (from < 0n || to > BigInt(l.length) || from > to)
      fail(`slice(${from}, ${to}) out of range for a list of ${l.length}`);
    return l.slice(Number(from), Number(to));
  });
  env.registerFunction('list.distinct(): list', (l: unknown[]) =>
    l.filter((v, i) => l.findIndex((x) => celEquals(x, v)) === i),
  );
  env.registerFunction('list.reverse(): list', (l: unknown[]) => [...l].reverse());
  env.registerFunction('list.flatten(): list', (l: unknown[]) =>
    l.flatMap((v) => (Array.isArray(v) ? v : [v])),
  );
}

// ---- bounds ----

/**
 * Kubernetes' runtime bounds: a cost limit per expression (PerCallLimit) and per policy
 * evaluation (RuntimeCELCostBudget). A unit is one evaluation step (an AST node, one element
 * of a comprehension) plus a tenth of each string a function scans, close to cel-go's units.
 * The time bound is ours: the worst case of a million units takes well under it.
 */
export const CEL_LIMITS = {
  costPerExpression: 1_000_000,
  costPerEvaluation: 10_000_000,
  millisecondsPerEvaluation: 2_000,
};

/** Raised when an evaluation exceeds its cost budget or its time bound. */
class CelLimitExceeded extends Error {}

interface Budget {
  remaining: number;
  /** What running out of `remaining` means. */
  limitReason: string;
  deadline: number;
  steps: number;
  exceeded?: string;
}

interface EvaluationScope {
  remaining: number;
  deadline: number;
}

let budget: Budget | undefined;
let scope: EvaluationScope | undefined;

/** Runs one policy's evaluation on one resource under the per-evaluation bounds. */
export function withEvaluationBounds<T>(run: () => T): T {
  const outer = scope;
  scope = {
    remaining: CEL_LIMITS.costPerEvaluation,
    deadline: Date.now() + CEL_LIMITS.millisecondsPerEvaluation,
  };
  try {
    return run();
  } finally {
    scope = outer;
  }
}

function withBudget<T>(run: () => T): T {
  const outer = budget;
  const scoped = scope !== undefined && scope.remaining < CEL_LIMITS.costPerExpression;
  const limit = scoped ? Math.max(scope!.remaining, 0) : CEL_LIMITS.costPerExpression;
  const limitReason = scoped
    ? `the policy's evaluations exceeded the cost budget of ${CEL_LIMITS.costPerEvaluation.toLocaleString('en-US')} units (the API server's per-evaluation limit)`
    : `the expression exceeded the cost budget of ${CEL_LIMITS.costPerExpression.toLocaleString('en-US')} units (the API server's per-expression limit)`;
  const current: Budget = {
    remaining: limit,
    limitReason,
    deadline: scope?.deadline ?? Date.now() + CEL_LIMITS.millisecondsPerEvaluation,
    steps: 0,
  };
  budget = current;
  try {
    if (limit <= 0) exceed(current, limitReason);
    const result = run();
    // `||` and `&&` absorb errors of one side, so a breach is checked once more at the end.
    if (current.exceeded) throw new CelLimitExceeded(current.exceeded);
    return result;
  } finally {
    if (scope) scope.remaining -= limit - current.remaining;
    budget = outer;
  }
}

function exceed(b: Budget, reason: string): never {
  b.exceeded ??= reason;
  b.remaining = -1;
  throw new CelLimitExceeded(b.exceeded);
}

/** Charges the running evaluation; throws when its budget or time is spent. */
function chargeCel(units: number): void {
  spendTime(units); // the file's time bound, besides the evaluation's own
  const b = budget;
  if (!b) return;
  b.remaining -= units;
  if (b.remaining < 0) exceed(b, b.limitReason);
  if ((++b.steps & 1023) === 0 && Date.now() > b.deadline)
    exceed(b, `the evaluation took longer than ${CEL_LIMITS.millisecondsPerEvaluation} ms`);
}

interface AstNode {
  op: string;
  args: unknown;
  evaluate: (ev: Evaluator, ast: AstNode, ctx: unknown) => unknown;
}

interface Evaluator {
  run: (ast: AstNode, ctx: unknown) => unknown;
}

const metered = new WeakSet<Evaluator>();

/**
 * cel-js has no cost tracking, so the environment's evaluator is metered: every step it runs
 * (each node, each comprehension iteration) is charged. It reaches the evaluator through the
 * root node of a checked program (cel-js is pinned; a test fails if this stops metering).
 */
function meterEvaluation(root: AstNode): void {
  const evaluate = root.evaluate;
  root.evaluate = function (ev, ast, ctx) {
    if (!metered.has(ev)) {
      metered.add(ev);
      ev.run = function (this: Evaluator, node: AstNode, c: unknown) {
        chargeCel(1);
        return node.evaluate(this, node, c);
      };
    }
    return evaluate.call(this, ev, ast, ctx);
  };
}

/** `matches` of cel-js uses JavaScript's backtracking RegExp; calls to it are pointed at the RE2 one. */
function useLinearRegex(node: unknown): void {
  if (Array.isArray(node)) {
    for (const n of node) useLinearRegex(n);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const ast = node as { op?: unknown; args?: unknown };
  if ((ast.op === 'rcall' || ast.op === 'call') && Array.isArray(ast.args) && ast.args[0] === 'matches')
    ast.args[0] = LINEAR_MATCHES;
  useLinearRegex(ast.args);
}

const LINEAR_MATCHES = 'matches_re2';

// ---- regular expressions (RE2, as Kubernetes) ----

const regexCache = new Map<string, RE2JS>();

/** An RE2 pattern, compiled once. */
export function re2(pattern: string): RE2JS {
  let re = regexCache.get(pattern);
  if (!re) {
    try {
      re = RE2JS.compile(pattern);
    } catch {
      return fail(`invalid regular expression: ${pattern}`);
    }
    if (regexCache.size > 1000) regexCache.clear();
    regexCache.set(pattern, re);
  }
  return re;
}

/** cel-go charges scanning a string a tenth of a unit per character. */
function chargeScan(...texts: string[]): void {
  chargeCel(1 + Math.ceil(texts.reduce((n, t) => n + t.length, 0) / 10));
}

function registerRegex(env: Environment): void {
  const matches = (s: string, pattern: string) => {
    chargeScan(s, pattern);
    return re2(pattern).matcher(s).find();
  };
  env.registerFunction(`string.${LINEAR_MATCHES}(string): bool`, matches);
  env.registerFunction(`${LINEAR_MATCHES}(string, string): bool`, matches);
  env.registerFunction('string.find(string): string', (s: string, pattern: string) => {
    chargeScan(s, pattern);
    const m = re2(pattern).matcher(s);
    return m.find() ? (m.group() ?? '') : '';
  });
  const findAll = (s: string, pattern: string, limit: bigint) => {
    chargeScan(s, pattern);
    const out: string[] = [];
    if (limit === 0n) return out;
    const m = re2(pattern).matcher(s);
    while (m.find()) {
      out.push(m.group() ?? '');
      if (limit > 0n && BigInt(out.length) >= limit) break;
    }
    return out;
  };
  env.registerFunction('string.findAll(string): list<string>', (s: string, p: string) => findAll(s, p, -1n));
  env.registerFunction('string.findAll(string, int): list<string>', (s: string, p: string, n: bigint) =>
    findAll(s, p, n),
  );
}

function quantityOf(text: string): Quantity {
  return parseQuantity(text) ?? fail(`invalid quantity: ${JSON.stringify(text)}`);
}

function registerQuantity(env: Environment): void {
  env.registerType('Quantity', Quantity);
  env.registerFunction('quantity(string): Quantity', quantityOf);
  env.registerFunction('isQuantity(string): bool', (s: string) => parseQuantity(s) !== undefined);
  env.registerFunction(
    'Quantity.isInteger(): bool',
    (q: Quantity) => q.isInteger() && q.num / q.den <= 2n ** 63n - 1n && q.num / q.den >= -(2n ** 63n),
  );
  env.registerFunction('Quantity.asInteger(): int', (q: Quantity) =>
    q.isInteger() ? q.num / q.den : fail(`quantity ${q.text} is not an integer`),
  );
  env.registerFunction('Quantity.asApproximateFloat(): double', (q: Quantity) => q.toNumber());
  env.registerFunction('Quantity.sign(): int', (q: Quantity) => BigInt(q.sign()));
  env.registerFunction('Quantity.compareTo(Quantity): int', (a: Quantity, b: Quantity) =>
    BigInt(a.compare(b)),
  );
  env.registerFunction(
    'Quantity.isGreaterThan(Quantity): bool',
    (a: Quantity, b: Quantity) => a.compare(b) > 0,
  );
  env.registerFunction('Quantity.isLessThan(Quantity): bool', (a: Quantity, b: Quantity) => a.compare(b) < 0);
  env.registerFunction('Quantity.add(Quantity): Quantity', (a: Quantity, b: Quantity) => a.add(b));
  env.registerFunction('Quantity.add(int): Quantity', (a: Quantity, b: bigint) =>
    a.add(new Quantity(b, 1n, String(b))),
  );
  env.registerFunction('Quantity.sub(Quantity): Quantity', (a: Quantity, b: Quantity) => a.add(b.negate()));
  env.registerFunction('Quantity.sub(int): Quantity', (a: Quantity, b: bigint) =>
    a.add(new Quantity(-b, 1n, String(-b))),
  );
  env.registerOperator('Quantity == Quantity', (a: Quantity, b: Quantity) => a.compare(b) === 0);
}

function urlOf(text: string): CelUrl {
  // Kubernetes accepts absolute URIs and absolute paths.
  try {
    if (text.startsWith('/')) return new CelUrl(new URL(text, 'relative:///'));
    const url = new URL(text);
    return new CelUrl(url);
  } catch {
    return fail(`invalid URL: ${JSON.stringify(text)}`);
  }
}

function registerUrl(env: Environment): void {
  env.registerType('URL', CelUrl);
  env.registerFunction('url(string): URL', urlOf);
  env.registerFunction('isURL(string): bool', (s: string) => {
    try {
      urlOf(s);
      return true;
    } catch {
      return false;
    }
  });
  const relative = (u: CelUrl) => u.url.protocol === 'relative:';
  env.registerFunction('URL.getScheme(): string', (u: CelUrl) =>
    relative(u) ? '' : u.url.protocol.replace(/:$/, ''),
  );
  env.registerFunction('URL.getHost(): string', (u: CelUrl) => (relative(u) ? '' : u.url.host));
  env.registerFunction('URL.getHostname(): string', (u: CelUrl) =>
    relative(u) ? '' : u.url.hostname.replace(/^\[(.*)\]$/, '$1'),
  );
  env.registerFunction('URL.getPort(): string', (u: CelUrl) => (relative(u) ? '' : u.url.port));
  env.registerFunction('URL.getEscapedPath(): string', (u: CelUrl) => u.url.pathname);
  env.registerFunction('URL.getQuery(): map', (u: CelUrl) => {
    const out: Record<string, string[]> = {};
    for (const [k, v] of u.url.searchParams) (out[k] ??= []).push(v);
    return out;
  });
}
