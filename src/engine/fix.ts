import { stringify } from 'yaml';
import type { Fix } from '../model/index.js';
import type { PathSegment, Resource } from '../manifests/index.js';
import type { FixSpec } from './types.js';

/**
 * Turns a declarative fix into whole-line edits of the file (what a GitHub ```suggestion
 * replaces). Returns undefined when no safe edit exists (flow style, multi-line scalars).
 */
export function buildFix(resource: Resource, spec: FixSpec): Fix | undefined {
  try {
    const source = resource.source;
    const lineText = (fileLine: number) => source.lineText(fileLine);
    const abs = (path: PathSegment[]) => [...resource.basePath, ...path];
    if (spec.kind === 'replace-value') {
      const at = source.locate(abs(spec.path));
      if (!at.exact || !at.valueRange) return undefined;
      // A rendered field mapped to the values line that set it: the edit is on that line.
      const doc = at.document ?? source;
      const start = doc.positionOf(at.valueRange[0]);
      const end = doc.positionOf(Math.max(at.valueRange[0], at.valueRange[1] - 1));
      if (start.line !== end.line) return undefined;
      const text = doc.lineText(start.line);
      if (text === undefined) return undefined;
      const from = start.column - 1;
      const to = from + (at.valueRange[1] - at.valueRange[0]);
      const newText = text.slice(0, from) + spec.value + text.slice(to).replace(/\r$/, '');
      return {
        description: spec.description,
        edits: [{ startLine: start.line, endLine: start.line, newText: newText }],
      };
    }
    const parent = source.locate(abs(spec.parentPath));
    if (!parent.exact || !parent.valueRange) return undefined;
    const valueStart = source.positionOf(parent.valueRange[0]);
    const firstLine = lineText(valueStart.line);
    if (firstLine === undefined) return undefined;
    const opener = firstLine.slice(valueStart.column - 1).trimStart();
    if (opener.startsWith('{') || opener.startsWith('[')) return undefined;
    const indent = ' '.repeat(valueStart.column - 1);
    const rendered = renderedField(spec.key, spec.value);
    const inserted = rendered
      .split('\n')
      .map((l) => indent + l)
      .join('\n');
    const keep = (fileLine: number) => (lineText(fileLine) ?? '').replace(/\r$/, '');
    // The suggestion repeats one original line; choose one that holds no value worth hiding.
    const prefix = firstLine.slice(0, valueStart.column - 1);
    if (prefix.trim() === '') {
      // A map on its own lines: insert before its first key.
      const original = keep(valueStart.line);
      if (mayHoldSecret(original)) return undefined;
      return {
        description: spec.description,
        edits: [
          { startLine: valueStart.line, endLine: valueStart.line, newText: `${inserted}\n${original}` },
        ],
      };
    }
    // A list item (`- name: app`): insert after its first line when that line is a whole entry.
    const nextLine = lineText(valueStart.line + 1);
    const firstEntryIsOneLine =
      nextLine !== undefined &&
      nextLine.length - nextLine.trimStart().length <= valueStart.column - 1 + 0 &&
      /:\s*\S/.test(opener) &&
      !/:\s*[|>]/.test(opener);
    const end = source.positionOf(Math.max(parent.valueRange[0], parent.valueRange[1] - 1));
    let anchor = end.line;
    if (firstEntryIsOneLine || end.line === valueStart.line) anchor = valueStart.line;
    else while (anchor > valueStart.line && (lineText(anchor) ?? '').trim() === '') anchor--;
    const original = keep(anchor);
    if (mayHoldSecret(original)) return undefined;
    return {
      description: spec.description,
      edits: [{ startLine: anchor, endLine: anchor, newText: `${original}\n${inserted}` }],
    };
  } catch {
    return undefined;
  }
}

/** `key: value` as YAML lines (2-space indent, no wrapping), without the final line break. */
function renderedField(key: string, value: unknown): string {
  const memoKey = plainJson([key, value]);
  let text = memoKey === undefined ? undefined : renderedFields.get(memoKey);
  if (text === undefined) {
    text = stringify({ [key]: value }, { indent: 2, lineWidth: 0 }).replace(/\n$/, '');
    if (memoKey !== undefined) {
      if (renderedFields.size >= MAX_RENDERED_FIELDS) renderedFields.clear();
      renderedFields.set(memoKey, text);
    }
  }
  return text;
}

/** The fields rules add, rendered once: the same few (`seccompProfile`, `readOnlyRootFilesystem`) recur thousands of times. */
const renderedFields = new Map<string, string>();
const MAX_RENDERED_FIELDS = 1_000;

/**
 * `value` as JSON when JSON names it exactly as YAML renders it (strings, finite numbers other
 * than -0, booleans, null, arrays and plain objects of them); undefined for anything else.
 */
function plainJson(value: unknown): string | undefined {
  const plain = (v: unknown): boolean => {
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
    if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0);
    if (Array.isArray(v)) return v.every(plain);
    if (typeof v !== 'object') return false;
    const proto = Object.getPrototypeOf(v) as unknown;
    return (proto === Object.prototype || proto === null) && Object.values(v).every(plain);
  };
  return plain(value) ? JSON.stringify(value) : undefined;
}

/** Lines that may carry a credential never go into a suggestion (outputs must not leak secrets). */
function mayHoldSecret(line: string): boolean {
  return (
    /^\s*(-\s+)?value\s*:/.test(line) || /pass(word)?|secret|token|api[-_]?key|credential|private/i.test(line)
  );
}
