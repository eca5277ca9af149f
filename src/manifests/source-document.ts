import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type Node,
} from 'yaml';
import { fastLocate, LineIndex } from './fast-locate.js';
import type { PathSegment } from './resource.js';

/** A position in a file: 1-based line and column. */
export interface Position {
  line: number;
  column: number;
}

export interface Located extends Position {
  endLine: number;
  /** True when the whole path exists; false when this is the nearest existing parent. */
  exact: boolean;
  /** Offsets (inside the document text) of the located key and value, for edits. */
  keyRange?: [number, number];
  valueRange?: [number, number];
  /** Set when the position is in another file than the resource's (a rendered resource mapped to the line that set the field). */
  file?: string;
  /** With `file`: the document `keyRange` / `valueRange` are offsets in, when a fix may edit that line (a Helm values line). */
  document?: SourceDocument;
}

/**
 * One YAML document of a file. Values come from the fast loader (js-yaml); positions are
 * computed lazily with the `yaml` package only for documents that have findings, because
 * most bytes of a GitOps repository (CRDs, dashboards) never need one.
 */
export class SourceDocument {
  private ast?: { doc: Document; lines: LineCounter } | null;
  private index?: LineIndex;

  constructor(
    /** Text of this document alone (from its `---` line, if any). */
    readonly text: string,
    /** 0-based line of the document's first character in the file. */
    readonly startLine: number,
  ) {}

  /**
   * Drops the line index and the `yaml` tree (caches, rebuilt on the next question): the engine
   * calls it once a document's findings exist, so a scan does not hold every document's index.
   */
  releaseCaches(): void {
    this.ast = undefined;
    this.index = undefined;
  }

  /** Line and column (1-based, in the file) of a character offset inside this document. */
  positionOf(offset: number): Position {
    this.index ??= new LineIndex(this.text);
    const { line, column } = this.index.lineOf(offset);
    return { line: this.startLine + line + 1, column: column + 1 };
  }

  /** Text of a line (1-based, in the file), without its line break; undefined outside the document. */
  lineText(fileLine: number): string | undefined {
    this.index ??= new LineIndex(this.text);
    const line = this.index.lines[fileLine - this.startLine - 1];
    return line ? this.text.slice(line.start, line.end) : undefined;
  }

  /** Finds `path` in the document, or its nearest existing parent. */
  locate(path: readonly PathSegment[]): Located {
    this.index ??= new LineIndex(this.text);
    const fast = fastLocate(this.index, path);
    if (fast) {
      const pos = this.positionOf(fast.anchor);
      const endOffset =
        fast.exact && fast.valueRange ? Math.max(fast.anchor, fast.valueRange[1] - 1) : fast.anchor;
      const end = this.positionOf(endOffset);
      return {
        ...pos,
        endLine: end.line,
        exact: fast.exact,
        keyRange: fast.exact ? fast.keyRange : undefined,
        valueRange: fast.exact ? fast.valueRange : undefined,
      };
    }
    return this.slowLocate(path);
  }

  /** The `yaml`-based locator: any YAML, at the cost of a full parse of the document. */
  slowLocate(path: readonly PathSegment[]): Located {
    const tree = this.tree();
    const fallback: Located = {
      line: this.startLine + 1,
      column: 1,
      endLine: this.startLine + 1,
      exact: false,
    };
    if (!tree) return fallback;
    let node: unknown = tree.doc.contents;
    let keyRange: [number, number] | undefined;
    let anchorStart = firstContentOffset(node);
    let exact = true;
    for (const segment of path) {
      node = resolveAlias(node, tree.doc);
      let next: unknown;
      let nextKeyRange: [number, number] | undefined;
      if (typeof segment === 'number' && isSeq(node)) {
        next = node.items[segment];
        nextKeyRange = undefined;
      } else if (isMap(node)) {
        const pair = node.items.find(
          (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment),
        );
        if (pair) {
          next = pair.value ?? null;
          const key = pair.key as Node;
          if (key.range) nextKeyRange = [key.range[0], key.range[1]];
        }
      }
      if (next === undefined) {
        exact = false;
        break;
      }
      node = next;
      keyRange = nextKeyRange;
      anchorStart = keyRange ? keyRange[0] : (firstContentOffset(node) ?? anchorStart);
    }
    const value = resolveAlias(node, tree.doc) as Node | null;
    const valueRange: [number, number] | undefined =
      value && (value as Node).range ? [(value as Node).range![0], (value as Node).range![1]] : undefined;
    const start = anchorStart ?? 0;
    const pos = this.positionOf(start);
    const endOffset = exact && valueRange ? Math.max(start, valueRange[1] - 1) : start;
    const end = this.positionOf(endOffset);
    return {
      ...pos,
      endLine: end.line,
      exact,
      keyRange: exact ? keyRange : undefined,
      valueRange: exact ? valueRange : undefined,
    };
  }

  private tree(): { doc: Document; lines: LineCounter } | null {
    if (this.ast === undefined) {
      try {
        const lines = new LineCounter();
        const doc = parseDocument(this.text, {
          version: '1.1',
          lineCounter: lines,
          uniqueKeys: false,
          strict: false,
          prettyErrors: false,
        });
        this.ast = { doc, lines };
      } catch {
        this.ast = null;
      }
    }
    return this.ast;
  }
}

function resolveAlias(node: unknown, doc: Document): unknown {
  let current = node;
  for (let i = 0; i < 10 && isAlias(current); i++) current = current.resolve(doc);
  return current;
}

function firstContentOffset(node: unknown): number | undefined {
  const range = (node as Node | null)?.range;
  return range ? range[0] : undefined;
}
