import { spendTime } from '../model/time-bound.js';
import type { PathSegment } from './resource.js';

/**
 * A line index of one YAML document, and a locator for block-style YAML (what almost every
 * Kubernetes manifest is). It answers exactly what the `yaml`-based locator answers, without
 * building a syntax tree; anything it is not sure about (flow collections on the path, anchors,
 * aliases, tags, complex keys, multi-line scalars) returns undefined and the caller falls back to
 * the full parser. The equivalence is tested on the whole corpus.
 */
export interface FastLocated {
  /** Offset of the key (map step) or item (sequence step) the path ends at, or its nearest existing parent. */
  anchor: number;
  exact: boolean;
  keyRange?: [number, number];
  valueRange?: [number, number];
  /** Set when the path goes through syntax outside the subset: `anchor` is the deepest parent reached. */
  unsupported?: true;
}

interface Line {
  start: number;
  /** Offset of the end of the line (before \r\n). */
  end: number;
  indent: number;
  /** Blank or comment-only. */
  empty: boolean;
}

type Node =
  | {
      kind: 'map';
      from: number;
      to: number;
      indent: number;
      /* first entry begins on line `from` at column `indent`, after a dash */ inlineFirst: boolean;
    }
  | { kind: 'seq'; from: number; to: number; indent: number }
  | { kind: 'scalar'; range: [number, number] }
  | { kind: 'null' };

export class LineIndex {
  readonly lines: Line[] = [];
  /**
   * What the locator already worked out: rules report thousands of findings under the same
   * parents (every container of a 14,000-container Pod), so each collection is indexed once and
   * each step of a path is walked once, keeping the work linear in the document.
   */
  readonly memo: LocatorMemo = { steps: new Map(), maps: new Map(), seqs: new Map(), ranges: new Map() };

  constructor(readonly text: string) {
    let start = 0;
    while (start <= text.length) {
      spendTime();
      let end = text.indexOf('\n', start);
      if (end === -1) end = text.length;
      const lineEnd = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
      let indent = 0;
      while (start + indent < lineEnd && text.charCodeAt(start + indent) === 32) indent++;
      const first = text.charCodeAt(start + indent);
      this.lines.push({
        start,
        end: lineEnd,
        indent,
        empty: start + indent >= lineEnd || first === 35 /* # */,
      });
      if (end === text.length) break;
      start = end + 1;
    }
  }

  /** 0-based line and column of an offset. */
  lineOf(offset: number): { line: number; column: number } {
    let lo = 0;
    let hi = this.lines.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lines[mid]!.start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, column: offset - this.lines[lo]!.start };
  }
}

type Step = { node: Node; anchor: number; keyRange?: [number, number] };

interface LocatorMemo {
  root?: Node | null;
  rootAnchor?: number;
  /** A child of a collection by key or index: undefined when missing, null when unsupported. */
  steps: Map<Node, Map<PathSegment, Step | undefined | null>>;
  maps: Map<Node, MapKeys>;
  seqs: Map<Node, SeqItems>;
  ranges: Map<Node, [number, number] | undefined | null>;
}

/** The keys of a block map, each at its first occurrence, up to the first line the locator does not support. */
interface MapKeys {
  entries: Map<string, { line: number; at: number; column: number; matchLength: number; keyEnd: number }>;
  /** A line before which every key is known, and at which the syntax is unsupported. */
  unsupported: boolean;
}

/** The item lines of a block sequence, up to the first line the locator does not support. */
interface SeqItems {
  lines: number[];
  unsupported: boolean;
}

const UNSUPPORTED_START = new Set(['{', '[', '&', '*', '!', '?', '|', '>', '%', '@', '`']);

/** Locates `path`; undefined when the document's root is outside the supported subset, `unsupported` when the path is. */
export function fastLocate(index: LineIndex, path: readonly PathSegment[]): FastLocated | undefined {
  const memo = index.memo;
  if (memo.root === undefined) memo.root = rootOf(index);
  if (memo.root === null) return undefined;
  let node: Node = memo.root;
  let anchor = memo.rootAnchor!;
  let keyRange: [number, number] | undefined;
  for (const segment of path) {
    let children = memo.steps.get(node);
    if (!children) memo.steps.set(node, (children = new Map()));
    let next: Step | undefined | null;
    if (children.has(segment)) next = children.get(segment);
    else {
      if (typeof segment === 'number' && node.kind === 'seq') next = seqItem(index, node, segment);
      else if (node.kind === 'map') next = mapEntry(index, node, String(segment));
      else next = undefined; // not found: scalar, null, or a key on a sequence
      children.set(segment, next);
    }
    if (next === null) return { anchor, exact: false, unsupported: true }; // unsupported syntax on the path
    if (next === undefined) return { anchor, exact: false };
    node = next.node;
    anchor = next.anchor;
    keyRange = next.keyRange;
  }
  let valueRange = memo.ranges.get(node);
  if (!memo.ranges.has(node)) memo.ranges.set(node, (valueRange = rangeOf(index, node)));
  if (valueRange === null) return { anchor, exact: false, unsupported: true };
  return { anchor, exact: true, keyRange, valueRange };
}

/** The document's root map; null when the document is outside the supported subset. */
function rootOf(index: LineIndex): Node | null {
  const { text, lines, memo } = index;
  // The document body: skip a leading `---` line (only when nothing but a comment follows it).
  let from = 0;
  while (from < lines.length && lines[from]!.empty) from++;
  if (from < lines.length && text.startsWith('---', lines[from]!.start)) {
    const rest = text.slice(lines[from]!.start + 3, lines[from]!.end).trim();
    if (rest && !rest.startsWith('#')) return null;
    from++;
  }
  while (from < lines.length && lines[from]!.empty) from++;
  if (from >= lines.length) return null;
  const rootLine = lines[from]!;
  if (rootLine.indent !== 0) return null;
  const rootChar = text[rootLine.start]!;
  if (UNSUPPORTED_START.has(rootChar) || rootChar === '-') return null;
  memo.rootAnchor = rootLine.start;
  return { kind: 'map', from, to: lines.length, indent: 0, inlineFirst: false };
}

/** Offsets a value spans, as the `yaml` parser reports them; null when unsure. */
function rangeOf(index: LineIndex, node: Node): [number, number] | undefined | null {
  if (node.kind === 'null') return undefined;
  if (node.kind === 'scalar') return node.range;
  const lines = index.lines;
  const first =
    node.kind === 'map' && node.inlineFirst
      ? lines[node.from]!.start + node.indent
      : firstContent(index, node.from, node.to);
  if (first === undefined) return null;
  let last = node.to - 1;
  while (last > node.from && lines[last]!.empty) {
    spendTime();
    last--;
  }
  // Trailing comments may or may not belong to the collection in `yaml`'s count: ask it.
  for (let i = last + 1; i < node.to; i++, spendTime())
    if (lines[i]!.start + lines[i]!.indent < lines[i]!.end) return null;
  // A last entry with an empty value ends the collection early in `yaml`'s count: ask it.
  if (endsWithEmptyValue(index.text.slice(lines[last]!.start, lines[last]!.end))) return null;
  // A block collection ends after the newline of its last line, as `yaml` counts it.
  return [first, last + 1 < lines.length ? lines[last + 1]!.start : lines[last]!.end];
}

function firstContent(index: LineIndex, from: number, to: number): number | undefined {
  for (let i = from; i < to; i++) {
    spendTime();
    const line = index.lines[i]!;
    if (!line.empty) return line.start + line.indent;
  }
  return undefined;
}

// Linear-time: the plain key's lazy part meets the `:` directly (its trailing blanks are trimmed
// in code), because `[^#]*?[ \t]*:` backtracks quadratically over a long run of spaces.
const KEY =
  /^(?:"((?:[^"\\]|\\.)*)"[ \t]*|'((?:[^']|'')*)'[ \t]*|([^\s#'"{}[\],&*!|>%@`?-][^#]*?|-[^\s#][^#]*?)):(?=[ \t]|$)/;

function trimBlanksEnd(s: string): string {
  let end = s.length;
  while (end > 0 && (s[end - 1] === ' ' || s[end - 1] === '\t')) end--;
  return s.slice(0, end);
}

/** Whether a line ends in `key:` with an empty value (`:`, blanks, maybe a comment): linear, unlike `/:[ \t]*(#.*)?$/`. */
function endsWithEmptyValue(line: string): boolean {
  const trimmed = trimBlanksEnd(line);
  if (trimmed.endsWith(':')) return true;
  let lastBreak = -1; // `.` in the old pattern stopped at these: a comment must not contain one
  for (let i = 0; i < line.length; i++)
    if (line[i] === '\r' || line[i] === '\u2028' || line[i] === '\u2029') lastBreak = i;
  for (let i = line.indexOf('#', lastBreak + 1); i !== -1; i = line.indexOf('#', i + 1)) {
    let j = i - 1;
    while (j > lastBreak && (line[j] === ' ' || line[j] === '\t')) j--;
    if (j > lastBreak && line[j] === ':') return true;
  }
  return false;
}

function mapEntry(
  index: LineIndex,
  node: Extract<Node, { kind: 'map' }>,
  key: string,
): Step | undefined | null {
  let keys = index.memo.maps.get(node);
  if (!keys) index.memo.maps.set(node, (keys = mapKeys(index, node)));
  const entry = keys.entries.get(key);
  if (!entry) return keys.unsupported ? null : undefined;
  const value = valueAfter(index, entry.line, entry.at + entry.matchLength, entry.column, node.to);
  if (value === null) return null;
  return { node: value, anchor: entry.at, keyRange: [entry.at, entry.keyEnd] };
}

/** One pass over a block map's lines: every key at its first occurrence, until a line the locator does not support. */
function mapKeys(index: LineIndex, node: Extract<Node, { kind: 'map' }>): MapKeys {
  const { text, lines } = index;
  const keys: MapKeys = { entries: new Map(), unsupported: false };
  for (let i = node.from; i < node.to; i++) {
    spendTime();
    const line = lines[i]!;
    if (line.empty && !(i === node.from && node.inlineFirst)) continue;
    const column = i === node.from && node.inlineFirst ? node.indent : line.indent;
    if (column !== node.indent) {
      if (column < node.indent) return { ...keys, unsupported: true }; // malformed for our model
      continue;
    }
    const at = line.start + column;
    spendTime(line.end - at);
    const content = text.slice(at, line.end);
    // A sequence at the map's own indent is the value of the previous key (`containers:\n- name: a`).
    if ((content.startsWith('- ') || content === '-') && i > node.from) continue;
    if (content.startsWith('- ') || content === '-' || content.startsWith('? ') || content.startsWith('<<'))
      return { ...keys, unsupported: true };
    const match = KEY.exec(content);
    if (!match) return { ...keys, unsupported: true };
    const plain = match[3] === undefined ? undefined : trimBlanksEnd(match[3]);
    const name =
      match[1] !== undefined
        ? unescapeDouble(match[1])
        : match[2] !== undefined
          ? match[2].replace(/''/g, "'")
          : plain!;
    if (match[1] !== undefined && match[1].includes('\\')) return { ...keys, unsupported: true };
    if (keys.entries.has(name)) continue;
    const keyEnd =
      at +
      (match[1] !== undefined
        ? match[1].length + 2
        : match[2] !== undefined
          ? match[2].length + 2
          : plain!.length);
    keys.entries.set(name, { line: i, at, column, matchLength: match[0].length, keyEnd });
  }
  return keys;
}

function seqItem(
  index: LineIndex,
  node: Extract<Node, { kind: 'seq' }>,
  wanted: number,
): Step | undefined | null {
  const { text, lines } = index;
  let items = index.memo.seqs.get(node);
  if (!items) index.memo.seqs.set(node, (items = seqItems(index, node)));
  const i = items.lines[wanted];
  if (i === undefined) return items.unsupported ? null : undefined;
  const line = lines[i]!;
  const at = line.start + line.indent;
  // The item ends at the next line at this indent.
  let end = i + 1;
  while (end < node.to && (lines[end]!.empty || lines[end]!.indent > node.indent)) {
    spendTime();
    end++;
  }
  let contentAt = at + 1;
  while (contentAt < line.end && text[contentAt] === ' ') contentAt++;
  if (contentAt >= line.end || text[contentAt] === '#') {
    const value = blockValue(index, i + 1, end, node.indent, false);
    if (value === null) return null;
    return value.kind === 'null'
      ? { node: value, anchor: at }
      : { node: value, anchor: startOf(index, value) ?? at };
  }
  const column = contentAt - line.start;
  spendTime(line.end - contentAt);
  const content = text.slice(contentAt, line.end);
  if (UNSUPPORTED_START.has(content[0]!) || content.startsWith('- ')) return null;
  if (KEY.test(content))
    return {
      node: { kind: 'map', from: i, to: end, indent: column, inlineFirst: true },
      anchor: contentAt,
    };
  const scalar = scalarRange(index, i, contentAt, node.indent, end);
  if (scalar === null) return null;
  return { node: { kind: 'scalar', range: scalar }, anchor: contentAt };
}

/** One pass over a block sequence's lines: the line of each item, until a line the locator does not support. */
function seqItems(index: LineIndex, node: Extract<Node, { kind: 'seq' }>): SeqItems {
  const { text, lines } = index;
  const items: SeqItems = { lines: [], unsupported: false };
  for (let i = node.from; i < node.to; i++) {
    spendTime();
    const line = lines[i]!;
    if (line.empty) continue;
    if (line.indent < node.indent) return { ...items, unsupported: true };
    if (line.indent > node.indent) continue;
    const at = line.start + line.indent;
    if (text[at] !== '-' || !(at + 1 === line.end || text[at + 1] === ' '))
      return { ...items, unsupported: true };
    items.lines.push(i);
  }
  return items;
}

function startOf(index: LineIndex, node: Node): number | undefined {
  if (node.kind === 'scalar') return node.range[0];
  if (node.kind === 'null') return undefined;
  return node.kind === 'map' && node.inlineFirst
    ? index.lines[node.from]!.start + node.indent
    : firstContent(index, node.from, node.to);
}

/** The value after `key:` on line `lineNo`, starting at offset `after`. */
function valueAfter(
  index: LineIndex,
  lineNo: number,
  after: number,
  keyColumn: number,
  limit: number,
): Node | null {
  const { text, lines } = index;
  const line = lines[lineNo]!;
  let at = after;
  while (at < line.end && (text[at] === ' ' || text[at] === '\t')) at++;
  // The block under this key: deeper lines, or a sequence at the key's own indent.
  let end = lineNo + 1;
  while (end < limit) {
    spendTime();
    const l = lines[end]!;
    if (l.empty || l.indent > keyColumn) end++;
    else if (
      l.indent === keyColumn &&
      text[l.start + l.indent] === '-' &&
      (l.start + l.indent + 1 === l.end || text[l.start + l.indent + 1] === ' ')
    )
      end++;
    else break;
  }
  if (at >= line.end || text[at] === '#') {
    const block = blockValue(index, lineNo + 1, end, keyColumn, true);
    // An empty value is a null scalar of length 0 where the value would start.
    return block?.kind === 'null' ? { kind: 'scalar', range: [at, at] } : block;
  }
  const empty = emptyFlowCollection(index, lineNo, at, end);
  if (empty) return empty;
  if (UNSUPPORTED_START.has(text[at]!)) return null;
  const range = scalarRange(index, lineNo, at, keyColumn, end);
  return range === null ? null : { kind: 'scalar', range };
}

/** A value given by the lines [from, to) under a key (or a dash) at `parentColumn`. */
function blockValue(
  index: LineIndex,
  from: number,
  to: number,
  parentColumn: number,
  underKey: boolean,
): Node | null {
  const { text, lines } = index;
  let first = from;
  while (first < to && lines[first]!.empty) {
    spendTime();
    first++;
  }
  if (first >= to) return { kind: 'null' };
  const line = lines[first]!;
  const at = line.start + line.indent;
  const c = text[at]!;
  if (line.indent < parentColumn || (!underKey && line.indent === parentColumn)) return null;
  if (c === '-' && (at + 1 === line.end || text[at + 1] === ' '))
    return { kind: 'seq', from: first, to, indent: line.indent };
  if (line.indent === parentColumn) return null;
  const empty = emptyFlowCollection(index, first, at, to);
  if (empty) return empty;
  if (UNSUPPORTED_START.has(c)) return null;
  if (KEY.test(text.slice(at, line.end)))
    return { kind: 'map', from: first, to, indent: line.indent, inlineFirst: false };
  return null; // a multi-line scalar
}

/**
 * `{}` or `[]` at `at` on line `lineNo` (maybe a comment after it), alone in its block: Helm's
 * `toYaml` writes every empty map so (`resources:` then `{}`). A leaf like a scalar: a path into it
 * stops at its key, not found, as the `yaml` tree says. Undefined for any other flow collection.
 */
function emptyFlowCollection(
  index: LineIndex,
  lineNo: number,
  at: number,
  blockEnd: number,
): Node | undefined {
  const { text, lines } = index;
  if (!text.startsWith('{}', at) && !text.startsWith('[]', at)) return undefined;
  const line = lines[lineNo]!;
  let rest = at + 2;
  while (rest < line.end && (text[rest] === ' ' || text[rest] === '\t')) rest++;
  if (rest < line.end && !(text[rest] === '#' && rest > at + 2)) return undefined;
  for (let i = lineNo + 1; i < blockEnd; i++, spendTime()) if (!lines[i]!.empty) return undefined;
  return { kind: 'scalar', range: [at, at + 2] };
}

/** A scalar starting at `at` on line `lineNo`; null when it continues on later lines. */
function scalarRange(
  index: LineIndex,
  lineNo: number,
  at: number,
  _column: number,
  blockEnd: number,
): [number, number] | null {
  const { text, lines } = index;
  const line = lines[lineNo]!;
  // Continuation lines of a multi-line scalar: anything deeper before the block ends.
  for (let i = lineNo + 1; i < blockEnd; i++, spendTime()) if (!lines[i]!.empty) return null;
  const quote = text[at];
  if (quote === '"' || quote === "'") {
    let i = at + 1;
    while (i < line.end) {
      if (quote === '"' && text[i] === '\\') i += 2;
      else if (text[i] === quote) {
        if (quote === "'" && text[i + 1] === "'") i += 2;
        else break;
      } else i++;
    }
    if (i >= line.end) return null;
    const rest = text.slice(i + 1, line.end).trim();
    if (rest && !rest.startsWith('#')) return null;
    return [at, i + 1];
  }
  let end = line.end;
  const comment = text.slice(at, line.end).search(/[ \t]#/);
  if (comment >= 0) end = at + comment;
  while (end > at && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  const value = text.slice(at, end);
  if (/:[ \t]|:$/.test(value)) return null; // `a: b: c` and the like
  return [at, end];
}

function unescapeDouble(s: string): string {
  return s;
}
