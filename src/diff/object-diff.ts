import { isObject, type JsonObject } from '../manifests/index.js';

export interface ObjectDiffOptions {
  /** At most this many entries (a last entry says how many more). */
  cap?: number;
  /** Do not print values (Secrets). */
  maskValues?: boolean;
}

/**
 * A compact, human summary of what changed between two versions of an object:
 * `spec.replicas: 2 -> 3`, `+ spec.template.spec.containers[name=sidecar]`, `- metadata.labels.team`.
 * Lists of objects that all have distinct `name`s are compared by name, so reordering is no change.
 */
export function summarizeObjectChange(
  base: unknown,
  head: unknown,
  options: ObjectDiffOptions = {},
): string[] {
  const out: string[] = [];
  walk(base, head, '', out, options.maskValues ?? false);
  const cap = options.cap ?? 20;
  if (out.length > cap) return [...out.slice(0, cap), `… and ${out.length - cap} more`];
  return out;
}

/** Deep equality with the same list semantics as the summary (named lists compare by name). */
export function semanticallyEqual(a: unknown, b: unknown): boolean {
  const out: string[] = [];
  walk(a, b, '', out, true, 1);
  return out.length === 0;
}

function walk(a: unknown, b: unknown, path: string, out: string[], mask: boolean, limit = Infinity): void {
  if (out.length >= limit) return;
  if (isObject(a) && isObject(b)) {
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const child = path ? `${path}.${key}` : key;
      if (!(key in b)) out.push(`- ${child}`);
      else if (!(key in a)) out.push(added(child, b[key], mask));
      else walk(a[key], b[key], child, out, mask, limit);
      if (out.length >= limit) return;
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const aNames = namesOf(a);
    const bNames = namesOf(b);
    if (aNames && bNames) {
      const aByName = new Map(a.map((item, i) => [aNames[i]!, item]));
      const bByName = new Map(b.map((item, i) => [bNames[i]!, item]));
      for (const name of aNames) if (!bByName.has(name)) out.push(`- ${path}[name=${name}]`);
      for (const name of bNames) {
        const child = `${path}[name=${name}]`;
        if (!aByName.has(name)) out.push(`+ ${child}`);
        else walk(aByName.get(name), bByName.get(name), child, out, mask, limit);
      }
      return;
    }
    if (a.every(isScalar) && b.every(isScalar) && (a.length !== b.length || a.some((v, i) => v !== b[i]))) {
      out.push(mask ? `${path}: changed` : `${path}: ${show(a)} -> ${show(b)}`);
      return;
    }
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const child = `${path}[${i}]`;
      if (i >= b.length) out.push(`- ${child}`);
      else if (i >= a.length) out.push(added(child, b[i], mask));
      else walk(a[i], b[i], child, out, mask, limit);
    }
    return;
  }
  if (a === b || (Number.isNaN(a) && Number.isNaN(b))) return;
  if (a instanceof Date && b instanceof Date && a.getTime() === b.getTime()) return;
  out.push(mask ? `${path}: changed` : `${path}: ${show(a)} -> ${show(b)}`);
}

function added(path: string, value: unknown, mask: boolean): string {
  return isScalar(value) && !mask ? `+ ${path}: ${show(value)}` : `+ ${path}`;
}

function namesOf(list: unknown[]): string[] | undefined {
  if (list.length === 0) return [];
  const names: string[] = [];
  for (const item of list) {
    if (!isObject(item) || typeof (item as JsonObject).name !== 'string') return undefined;
    names.push((item as JsonObject).name as string);
  }
  return new Set(names).size === names.length ? names : undefined;
}

function isScalar(value: unknown): boolean {
  return (
    value === null || (typeof value !== 'object' && typeof value !== 'function') || value instanceof Date
  );
}

function show(value: unknown): string {
  const text = value instanceof Date ? value.toISOString() : (JSON.stringify(value) ?? String(value));
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
