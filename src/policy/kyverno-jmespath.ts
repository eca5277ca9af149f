import {
  compile,
  register,
  TreeInterpreter,
  TYPE_ARRAY,
  TYPE_NUMBER,
  TYPE_OBJECT,
  TYPE_STRING,
  type JSONValue,
} from '@jmespath-community/jmespath';
import { load as loadYaml } from 'js-yaml';
import { RE2JS } from 're2js';
import { isObject } from '../manifests/index.js';
import { re2 } from './cel.js';
import { matchesLabelSelector, wildcardMatch } from './match.js';
import { parseDuration, parseQuantity } from './quantity.js';
import { checkTimeBound } from '../model/time-bound.js';

/**
 * JMESPath as Kyverno evaluates it: Kyverno uses the JMESPath Community implementation
 * (github.com/jmespath-community/go-jmespath); we use its TypeScript sibling
 * (@jmespath-community/jmespath), plus the Kyverno functions that need no cluster, registered
 * once. The list is in docs/custom-rules.md.
 */

type Node = ReturnType<typeof compile>;

const compiled = new Map<string, Node>();

/** Parses an expression once; throws a SyntaxError-like error on bad syntax. */
export function compileJmespath(expression: string): Node {
  let node = compiled.get(expression);
  if (!node) {
    registerKyvernoFunctions();
    node = compile(expression);
    if (compiled.size > 5000) compiled.clear();
    compiled.set(expression, node);
  }
  return node;
}

/** Evaluates an expression on `data` (Kyverno's context: request, element, ...). */
export function queryJmespath(expression: string, data: unknown): unknown {
  checkTimeBound(); // one query runs in one piece (bounded by the resource)
  const node = compileJmespath(expression);
  return TreeInterpreter.search(node, data as JSONValue);
}

/**
 * The context names an expression reads from its root, each as its first two field names
 * (`request.object`, `element`, `serviceAccountName`), so that a policy reading what only the
 * cluster knows is "not evaluated" instead of reading null.
 */
export function rootReferences(expression: string): string[][] {
  const out: string[][] = [];
  visit(compileJmespath(expression) as unknown as AstNode, out);
  return out;
}

interface AstNode {
  type: string;
  name?: string;
  left?: AstNode;
  right?: AstNode;
  child?: AstNode;
  children?: AstNode[];
  condition?: AstNode;
  value?: unknown;
  expression?: AstNode;
  bindings?: AstNode[];
  reference?: AstNode;
}

/** Node types whose left side (or child) is evaluated at the current scope and the rest relative to it. */
const SPINE = new Set([
  'Subexpression',
  'IndexExpression',
  'Projection',
  'ValueProjection',
  'FilterProjection',
  'Pipe',
  'Flatten',
]);

function spineStart(node: AstNode): { start: AstNode; names: string[] } {
  const names: string[] = [];
  let current = node;
  const rights: AstNode[] = [];
  while (SPINE.has(current.type)) {
    if (current.type === 'Subexpression' && current.right) rights.unshift(current.right);
    else rights.length = 0;
    current = (current.left ?? current.child)!;
  }
  if (current.type === 'Field') {
    names.push(current.name!);
    for (const r of rights) {
      if (r.type !== 'Field' || names.length >= 2) break;
      names.push(r.name!);
    }
  }
  return { start: current, names };
}

function visit(node: AstNode | undefined, out: string[][]): void {
  if (!node || typeof node !== 'object') return;
  if (node.type === 'Field') {
    out.push([node.name!]);
    return;
  }
  if (SPINE.has(node.type)) {
    const { start, names } = spineStart(node);
    if (names.length) out.push(names);
    else visit(start, out);
    return;
  }
  if (node.type === 'ExpressionReference') return;
  if (node.type === 'KeyValuePair') return visit(node.value as AstNode, out);
  for (const child of [
    node.left,
    node.right,
    node.child,
    node.condition,
    node.expression,
    node.reference,
    ...(node.children ?? []),
    ...(node.bindings ?? []),
  ])
    visit(child, out);
}

// ---- Kyverno's functions (pkg/engine/jmespath/functions.go) that work offline ----

let registered = false;

const str = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

function registerKyvernoFunctions(): void {
  if (registered) return;
  registered = true;
  const fn = (name: string, types: number[][], f: (args: unknown[]) => unknown) =>
    register(
      name as never,
      ((args: JSONValue[]) => f(args)) as never,
      types.map((t) => ({ types: t as never })),
    );
  const S = [TYPE_STRING];
  const N = [TYPE_NUMBER];
  fn('compare', [S, S], ([a, b]) => (String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0));
  fn('equal_fold', [S, S], ([a, b]) => String(a).toLowerCase() === String(b).toLowerCase());
  fn('replace_all', [S, S, S], ([s, from, to]) => String(s).split(String(from)).join(String(to)));
  fn('to_upper', [S], ([s]) => String(s).toUpperCase());
  fn('to_lower', [S], ([s]) => String(s).toLowerCase());
  fn('trim', [S, S], ([s, cut]) => {
    const set = new Set([...String(cut)]);
    const chars = [...String(s)];
    let a = 0;
    let b = chars.length;
    while (a < b && set.has(chars[a]!)) a++;
    while (b > a && set.has(chars[b - 1]!)) b--;
    return chars.slice(a, b).join('');
  });
  fn('trim_prefix', [S, S], ([s, prefix]) =>
    String(s).startsWith(String(prefix)) ? String(s).slice(String(prefix).length) : s,
  );
  fn('regex_replace_all', [S, [TYPE_STRING, TYPE_NUMBER], [TYPE_STRING, TYPE_NUMBER]], ([re, src, repl]) =>
    re2(String(re)).matcher(str(src)).replaceAll(str(repl)),
  );
  fn(
    'regex_replace_all_literal',
    [S, [TYPE_STRING, TYPE_NUMBER], [TYPE_STRING, TYPE_NUMBER]],
    ([re, src, repl]) =>
      re2(String(re))
        .matcher(str(src))
        .replaceAll(RE2JS.quoteReplacement(str(repl))),
  );
  fn('regex_match', [S, [TYPE_STRING, TYPE_NUMBER]], ([re, s]) => re2(String(re)).matcher(str(s)).find());
  fn('pattern_match', [S, [TYPE_STRING, TYPE_NUMBER]], ([p, s]) => wildcardMatch(String(p), str(s)));
  fn('label_match', [[TYPE_OBJECT], [TYPE_OBJECT]], ([selector, labels]) => {
    try {
      return matchesLabelSelector(
        Object.fromEntries(Object.entries(labels as object).map(([k, v]) => [k, String(v)])),
        { matchLabels: selector },
      );
    } catch {
      return false;
    }
  });
  fn('to_boolean', [S], ([s]) => {
    const t = String(s).toLowerCase();
    if (t === 'true' || t === 'false') return t === 'true';
    throw new Error(`to_boolean: ${JSON.stringify(s)} is not a bool`);
  });
  // Kyverno's arithmetic takes numbers, quantities (`512Mi`) and durations (`30s`).
  const NQ = [TYPE_NUMBER, TYPE_STRING];
  fn('add', [NQ, NQ], ([a, b]) => arithmetic('add', a, b));
  fn('subtract', [NQ, NQ], ([a, b]) => arithmetic('subtract', a, b));
  fn('multiply', [NQ, NQ], ([a, b]) => arithmetic('multiply', a, b));
  fn('divide', [NQ, NQ], ([a, b]) => arithmetic('divide', a, b));
  fn('modulo', [NQ, NQ], ([a, b]) => arithmetic('modulo', a, b));
  fn('round', [N, N], ([v, d]) => Math.round(Number(v) * 10 ** Number(d)) / 10 ** Number(d));
  fn('base64_decode', [S], ([s]) => Buffer.from(String(s), 'base64').toString('utf8'));
  fn('base64_encode', [S], ([s]) => Buffer.from(String(s), 'utf8').toString('base64'));
  fn('truncate', [S, N], ([s, n]) => [...String(s)].slice(0, Math.max(0, Number(n))).join(''));
  fn('path_canonicalize', [S], ([s]) => canonicalPath(String(s)));
  fn('parse_json', [S], ([s]) => JSON.parse(String(s)) as unknown);
  fn('parse_yaml', [S], ([s]) => loadYaml(String(s)));
  fn('object_from_lists', [[TYPE_ARRAY], [TYPE_ARRAY]], ([keys, values]) => {
    const out: Record<string, unknown> = {};
    (keys as unknown[]).forEach((k, i) => (out[String(k)] = (values as unknown[])[i] ?? null));
    return out;
  });
  fn(
    'lookup',
    [
      [TYPE_OBJECT, TYPE_ARRAY],
      [TYPE_STRING, TYPE_NUMBER],
    ],
    ([collection, key]) => {
      if (Array.isArray(collection))
        return Number.isInteger(key) ? (collection[key as number] ?? null) : null;
      return isObject(collection) ? (collection[String(key)] ?? null) : null;
    },
  );
}

type Operation = 'add' | 'subtract' | 'multiply' | 'divide' | 'modulo';

function numeric(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  return undefined;
}

function arithmetic(op: Operation, a: unknown, b: unknown): unknown {
  const x = numeric(a);
  const y = numeric(b);
  if (
    (op === 'divide' || op === 'modulo') &&
    (y === 0 || (typeof b === 'string' && parseQuantity(b)?.sign() === 0))
  )
    throw new Error(`${op}: division by zero`);
  if (x !== undefined && y !== undefined) {
    return op === 'add'
      ? x + y
      : op === 'subtract'
        ? x - y
        : op === 'multiply'
          ? x * y
          : op === 'divide'
            ? x / y
            : x % y;
  }
  const da = typeof a === 'string' ? parseDuration(a) : undefined;
  const db = typeof b === 'string' ? parseDuration(b) : undefined;
  if (da !== undefined && db !== undefined && op === 'divide') return da / db;
  const qa = typeof a === 'string' ? parseQuantity(a) : undefined;
  const qb = typeof b === 'string' ? parseQuantity(b) : undefined;
  if (qa && qb) {
    if (op === 'divide') return qa.toNumber() / qb.toNumber();
    if (op === 'add') return qa.add(qb).toNumber();
    if (op === 'subtract') return qa.add(qb.negate()).toNumber();
  }
  if (qa && y !== undefined && (op === 'multiply' || op === 'divide'))
    return op === 'multiply' ? qa.toNumber() * y : qa.toNumber() / y;
  throw new Error(`${op}: unsupported operands ${JSON.stringify(a)} and ${JSON.stringify(b)}`);
}

/** Go's filepath.Clean on a slash path. */
function canonicalPath(path: string): string {
  const absolute = path.startsWith('/');
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push('..');
    } else out.push(part);
  }
  const joined = out.join('/');
  return absolute ? `/${joined}` : joined || '.';
}
