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
    const lines = source.text.split('\n');
    const lineText = (fileLine: number) => lines[fileLine - source.startLine - 1];
    const abs = (path: PathSegment[]) => [...resource.basePath, ...path];
    if (spec.kind === 'replace-value') {
      const at = source.locate(abs(spec.path));
      if (!at.exact || !at.valueRange) return undefined;
      const start = source.positionOf(at.valueRange[0]);
      const end = source.positionOf(Math.max(at.valueRange[0], at.valueRange[1] - 1));
      if (start.line !== end.line) return undefined;
      const text = lineText(start.line);
      if (text === undefined) return undefined;
      const from = start.column - 1;
      const to = from + (at.valueRange[1] - at.valueRange[0]);
      const newText = text.slice(0, from) + spec.value + text.slice(to).replace(/\r$/, '');
      return { description: spec.description, edits: [{ startLine: start.line, endLine: start.line, newText: newText }] };
    }
    const parent = source.locate(abs(spec.parentPath));
    if (!parent.exact || !parent.valueRange) return undefined;
    const valueStart = source.positionOf(parent.valueRange[0]);
    const firstLine = lineText(valueStart.line);
    if (firstLine === undefined) return undefined;
    const opener = firstLine.slice(valueStart.column - 1).trimStart();
    if (opener.startsWith('{') || opener.startsWith('[')) return undefined;
    const end = source.positionOf(Math.max(parent.valueRange[0], parent.valueRange[1] - 1));
    let lastLine = end.line;
    // The parent ends on its last content line; skip back over trailing blank lines.
    while (lastLine > valueStart.line && (lineText(lastLine) ?? '').trim() === '') lastLine--;
    const indent = ' '.repeat(valueStart.column - 1);
    const rendered = stringify({ [spec.key]: spec.value }, { indent: 2, lineWidth: 0 }).replace(/\n$/, '');
    const inserted = rendered.split('\n').map((l) => indent + l).join('\n');
    const original = (lineText(lastLine) ?? '').replace(/\r$/, '');
    return { description: spec.description, edits: [{ startLine: lastLine, endLine: lastLine, newText: `${original}\n${inserted}` }] };
  } catch {
    return undefined;
  }
}

/** Applies line edits to a file's text (used by tests and `--fix` previews). */
export function applyFix(text: string, fix: Fix): string {
  const lines = text.split('\n');
  const edits = [...fix.edits].sort((a, b) => b.startLine - a.startLine);
  for (const edit of edits) lines.splice(edit.startLine - 1, edit.endLine - edit.startLine + 1, ...edit.newText.split('\n'));
  return lines.join('\n');
}
