import {
  Composer,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  Lexer,
  LineCounter,
  Parser,
  type Document,
  type Node,
  type Pair,
  type YAMLMap,
} from 'yaml';
import { spendTime, TimeBoundExceeded } from '../model/time-bound.js';
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
/**
 * Documents longer than this are never parsed by the `yaml` package for positions: its parse of
 * one 5 MiB document takes 5 to 50 s (flow style, deep nesting), and building the tree from the
 * tokens cannot be interrupted by the time bound (about 1 s for the worst 512 KiB on a loaded
 * machine). A finding there that the fast locator cannot place points at the deepest parent it
 * reaches (or the document's start), without a fix.
 */
const SLOW_LOCATE_MAX_CHARS = 512 * 1024;

export class SourceDocument {
  private ast?: { doc: Document; lines: LineCounter } | null;
  private index?: LineIndex;
  /** The pairs of each map of `ast` by key (a ConfigMap of 100,000 keys is located key by key). */
  private pairs = new WeakMap<YAMLMap, Map<string, Pair>>();

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
    this.pairs = new WeakMap();
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
    if (fast && !fast.unsupported) {
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
    const slow = this.slowLocate(path);
    if (slow || !fast) return slow ?? this.documentStart();
    // Too large for the `yaml` parser: the deepest parent the fast locator reached.
    const pos = this.positionOf(fast.anchor);
    return { ...pos, endLine: pos.line, exact: false };
  }

  private documentStart(): Located {
    return { line: this.startLine + 1, column: 1, endLine: this.startLine + 1, exact: false };
  }

  /**
   * The `yaml`-based locator: any YAML, at the cost of a full parse of the document. Undefined
   * for a document longer than `SLOW_LOCATE_MAX_CHARS`.
   */
  slowLocate(path: readonly PathSegment[]): Located | undefined {
    if (this.text.length > SLOW_LOCATE_MAX_CHARS) return undefined;
    const tree = this.tree();
    if (!tree) return this.documentStart();
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
        const pair = this.pairsOf(node).get(String(segment));
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

  /** A map's pairs by key, the first of each key (as a search from the start finds it). */
  private pairsOf(map: YAMLMap): Map<string, Pair> {
    let byKey = this.pairs.get(map);
    if (byKey) return byKey;
    byKey = new Map();
    for (const p of map.items) {
      spendTime();
      if (!isPair(p) || !isScalar(p.key)) continue;
      const key = String(p.key.value);
      if (!byKey.has(key)) byKey.set(key, p as Pair);
    }
    this.pairs.set(map, byKey);
    return byKey;
  }

  private tree(): { doc: Document; lines: LineCounter } | null {
    if (this.ast === undefined) {
      try {
        this.ast = parseForPositions(this.text);
      } catch (error) {
        if (error instanceof TimeBoundExceeded) throw error; // not a parse failure: ask again next time
        this.ast = null;
      }
    }
    return this.ast;
  }
}

/**
 * `parseDocument` of the `yaml` package, driven one token at a time so that the time bound can
 * stop it; only the last step (the tree from the tokens) runs in one piece.
 */
function parseForPositions(text: string): { doc: Document; lines: LineCounter } {
  const lines = new LineCounter();
  const parser = new Parser(lines.addNewLine);
  const composer = new Composer({ version: '1.1', uniqueKeys: false, strict: false });
  const tokens = function* () {
    lines.addNewLine(0);
    for (const lexeme of new Lexer().lex(text, false)) {
      spendTime(1 + (lexeme.length >> 4));
      yield* parser.next(lexeme);
    }
    yield* parser.end();
  };
  let doc: Document | undefined;
  for (const composed of composer.compose(tokens(), true, text.length)) doc ??= composed as Document;
  return { doc: doc!, lines };
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
