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

  constructor(readonly text: string) {
    let start = 0;
    while (start <= text.length) {
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

const UNSUPPORTED_START = new Set(['{', '[', '&', '*', '!', '?', '|', '>', '%', '@', '`']);

/** Locates `path`; undefined when the document is outside the supported subset. */
export function fastLocate(index: LineIndex, path: readonly PathSegment[]): FastLocated | undefined {
  const text = index.text;
  const lines = index.lines;
  // The document body: skip a leading `---` line (only when nothing but a comment follows it).
  let from = 0;
  while (from < lines.length && lines[from]!.empty) from++;
  if (from < lines.length && text.startsWith('---', lines[from]!.start)) {
    const rest = text.slice(lines[from]!.start + 3, lines[from]!.end).trim();
    if (rest && !rest.startsWith('#')) return undefined;
    from++;
  }
  while (from < lines.length && lines[from]!.empty) from++;
  if (from >= lines.length) return undefined;
  const rootLine = lines[from]!;
  if (rootLine.indent !== 0) return undefined;
  const rootChar = text[rootLine.start]!;
  if (UNSUPPORTED_START.has(rootChar) || rootChar === '-' || rootChar === '"' || rootChar === "'") {
    if (rootChar !== '"' && rootChar !== "'") return undefined;
  }
  let node: Node = { kind: 'map', from, to: lines.length, indent: 0, inlineFirst: false };
  let anchor = rootLine.start;
  let keyRange: [number, number] | undefined;
  for (const segment of path) {
    let next: { node: Node; anchor: number; keyRange?: [number, number] } | undefined | null;
    if (typeof segment === 'number' && node.kind === 'seq') next = seqItem(index, node, segment);
    else if (node.kind === 'map') next = mapEntry(index, node, String(segment));
    else next = undefined; // not found: scalar, null, or a key on a sequence
    if (next === null) return undefined; // unsupported syntax on the path
    if (next === undefined) return { anchor, exact: false };
    node = next.node;
    anchor = next.anchor;
    keyRange = next.keyRange;
  }
  const valueRange = rangeOf(index, node);
  if (valueRange === null) return undefined;
  return { anchor, exact: true, keyRange, valueRange };
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
  while (last > node.from && lines[last]!.empty) last--;
  // Trailing comments may or may not belong to the collection in `yaml`'s count: ask it.
  for (let i = last + 1; i < node.to; i++)
    if (lines[i]!.start + lines[i]!.indent < lines[i]!.end) return null;
  // A last entry with an empty value ends the collection early in `yaml`'s count: ask it.
  if (endsWithEmptyValue(index.text.slice(lines[last]!.start, lines[last]!.end))) return null;
  // A block collection ends after the newline of its last line, as `yaml` counts it.
  return [first, last + 1 < lines.length ? lines[last + 1]!.start : lines[last]!.end];
}

function firstContent(index: LineIndex, from: number, to: number): number | undefined {
  for (let i = from; i < to; i++) {
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
): { node: Node; anchor: number; keyRange: [number, number] } | undefined | null {
  const { text, lines } = index;
  for (let i = node.from; i < node.to; i++) {
    const line = lines[i]!;
    if (line.empty && !(i === node.from && node.inlineFirst)) continue;
    const column = i === node.from && node.inlineFirst ? node.indent : line.indent;
    if (column !== node.indent) {
      if (column < node.indent) return null; // malformed for our model
      continue;
    }
    const at = line.start + column;
    const content = text.slice(at, line.end);
    // A sequence at the map's own indent is the value of the previous key (`containers:\n- name: a`).
    if ((content.startsWith('- ') || content === '-') && i > node.from) continue;
    if (content.startsWith('- ') || content === '-' || content.startsWith('? ') || content.startsWith('<<'))
      return null;
    const match = KEY.exec(content);
    if (!match) return null;
    const plain = match[3] === undefined ? undefined : trimBlanksEnd(match[3]);
    const name =
      match[1] !== undefined
        ? unescapeDouble(match[1])
        : match[2] !== undefined
          ? match[2].replace(/''/g, "'")
          : plain!;
    if (match[1] !== undefined && match[1].includes('\\')) return null;
    if (name !== key) continue;
    const keyEnd =
      at +
      (match[1] !== undefined
        ? match[1].length + 2
        : match[2] !== undefined
          ? match[2].length + 2
          : plain!.length);
    const value = valueAfter(index, i, at + match[0].length, column, node.to);
    if (value === null) return null;
    return { node: value, anchor: at, keyRange: [at, keyEnd] };
  }
  return undefined;
}

function seqItem(
  index: LineIndex,
  node: Extract<Node, { kind: 'seq' }>,
  wanted: number,
): { node: Node; anchor: number } | undefined | null {
  const { text, lines } = index;
  let count = -1;
  for (let i = node.from; i < node.to; i++) {
    const line = lines[i]!;
    if (line.empty) continue;
    if (line.indent < node.indent) return null;
    if (line.indent > node.indent) continue;
    const at = line.start + line.indent;
    if (text[at] !== '-' || !(at + 1 === line.end || text[at + 1] === ' ')) return null;
    count++;
    if (count !== wanted) continue;
    // The item ends at the next line at this indent.
    let end = i + 1;
    while (end < node.to && (lines[end]!.empty || lines[end]!.indent > node.indent)) end++;
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
  return undefined;
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
  while (first < to && lines[first]!.empty) first++;
  if (first >= to) return { kind: 'null' };
  const line = lines[first]!;
  const at = line.start + line.indent;
  const c = text[at]!;
  if (line.indent < parentColumn || (!underKey && line.indent === parentColumn)) return null;
  if (c === '-' && (at + 1 === line.end || text[at + 1] === ' '))
    return { kind: 'seq', from: first, to, indent: line.indent };
  if (line.indent === parentColumn) return null;
  if (UNSUPPORTED_START.has(c)) return null;
  if (KEY.test(text.slice(at, line.end)))
    return { kind: 'map', from: first, to, indent: line.indent, inlineFirst: false };
  return null; // a multi-line scalar
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
  for (let i = lineNo + 1; i < blockEnd; i++) if (!lines[i]!.empty) return null;
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
