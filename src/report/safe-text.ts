/**
 * Repository text (names, keys, labels, messages that quote them, file paths) is written by
 * the pull request's author. Every producer places it through one of these functions, chosen
 * by where it goes, so nothing from the repository can speak as us: no terminal escape
 * sequences, no markdown or HTML of its own, no mention, no suggestion block, no hidden
 * comment. The producers' own markup (headings, tables, our fingerprint comment) is added
 * around the escaped text, never inside it.
 */

/**
 * C0 and C1 control characters (ESC starts terminal sequences), DEL, and the invisible
 * characters that reorder or hide text: zero-width characters, bidi overrides and isolates
 * ("Trojan Source"), line and paragraph separators, the byte-order mark.
 */
const UNSAFE_CHARACTERS =
  /[\u0000-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]/g;

/** Whether `text` holds an unsafe character (with `lineBreaks`, newlines, carriage returns and tabs are fine). */
export function hasUnsafeCharacters(text: string, options: { lineBreaks?: boolean } = {}): boolean {
  for (const m of String(text).matchAll(UNSAFE_CHARACTERS))
    if (!(options.lineBreaks && /[\n\r\t]/.test(m[0]))) return true;
  return false;
}

function visible(ch: string): string {
  if (ch === '\n') return '\\n';
  if (ch === '\r') return '\\r';
  if (ch === '\t') return '\\t';
  return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** One line of terminal text: every unsafe character (newlines too) shown as an escape (`\u001b`, `\n`). */
export function terminalText(text: string): string {
  return String(text).replace(UNSAFE_CHARACTERS, visible);
}

/** Plain text that may span lines (GitHub annotations): newlines kept, every other unsafe character escaped. */
export function plainText(text: string): string {
  return String(text)
    .replace(/\r\n?/g, '\n')
    .replace(UNSAFE_CHARACTERS, (ch) => (ch === '\n' ? ch : visible(ch)));
}

/** JSON text with every unsafe character written as a `\uXXXX` escape (JSON.stringify leaves C1, bidi and U+2028 raw); the parsed value is unchanged. */
export function safeJson(json: string): string {
  // Inside strings JSON.stringify has escaped C0 already; the only raw newlines are its indentation.
  return json.replace(UNSAFE_CHARACTERS, (ch) =>
    ch === '\n' ? ch : `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Text on one line, unsafe characters escaped, newlines and tabs as spaces: the base of every markdown context. */
function markdownLine(text: string): string {
  return String(text)
    .replace(/\r\n?|\n|\t/g, ' ')
    .replace(UNSAFE_CHARACTERS, visible);
}

/**
 * An inline code span holding `text` literally: no markdown, HTML, mention or link inside it
 * renders. In a table cell (`table`), `|` is escaped so the row cannot be split.
 */
export function markdownCode(text: string, options: { table?: boolean } = {}): string {
  let content = markdownLine(text);
  if (options.table) content = content.replace(/\|/g, '\\|');
  if (content.length === 0) return '';
  const longest = Math.max(0, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = /^[` ]|[` ]$/.test(content) ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}

/** Plain markdown text: HTML and every markdown punctuation escaped, mention and issue-reference look-alikes as code. */
function escapeProse(text: string, table: boolean): string {
  const parts: string[] = [];
  let last = 0;
  // `@team` and `#123` link and notify even when escaped; inside a code span they do not. A match runs on
  // through `@` and `#`, so text right after the span cannot start with a mention of its own.
  for (const m of text.matchAll(/(?<!\w)(?:@[A-Za-z0-9]|#\d)(?:[\w./@#-]*[\w@#])?/g)) {
    parts.push(escapePunctuation(text.slice(last, m.index)), markdownCode(m[0], { table }));
    last = m.index! + m[0].length;
  }
  parts.push(escapePunctuation(text.slice(last)));
  return parts.join('');
}

/** Inline constructs: escapes, code, emphasis, strikethrough, links and images, table pipes, HTML, math. */
function escapePunctuation(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]!|~$])/g, '\\$1');
}

/** Block constructs that only work at the start of a line: headings, quotes, lists, thematic breaks, setext underlines, indented code. */
function escapeLineStart(trimmed: string): string {
  const list = /^(\d{1,9})([.)])/.exec(trimmed);
  if (list) return `${list[1]}\\${list[2]}${trimmed.slice(list[0].length)}`;
  return /^[#>+\-=]/.test(trimmed) ? `\\${trimmed}` : trimmed;
}

/**
 * Repository text as markdown prose (messages, rule texts): it stays on one line and renders
 * as text. Its `code spans` are kept as code spans (rule texts and messages quote keys that
 * way); everything else is escaped.
 */
export function markdownText(text: string, options: { table?: boolean } = {}): string {
  // Trimmed: a space next to our own `**` around it would undo the emphasis.
  const line = markdownLine(text).trim();
  const table = options.table ?? false;
  const out: string[] = [];
  let last = 0;
  for (const m of line.matchAll(/`([^`]+)`/g)) {
    out.push(escapeProse(line.slice(last, m.index), table), markdownCode(m[1]!, { table }));
    last = m.index! + m[0].length;
  }
  out.push(escapeProse(line.slice(last), table));
  return escapeLineStart(out.join(''));
}

/** A table cell holding repository text as prose. */
export function markdownCell(text: string): string {
  return markdownText(text, { table: true });
}
