/**
 * Reads our markdown back the way GitHub would (CommonMark + GFM tables, raw HTML allowed) and
 * says what in it did not come from us. Two renderings of the same report, one with hostile
 * text and one with a plain `x` in its place, must have the same structure: the hostile text
 * may only ever become text or code.
 */
import MarkdownIt from 'markdown-it';
import { fingerprintFromBody } from '../../src/github/wire-format.js';

const parser = new MarkdownIt({ html: true, linkify: false });
type Token = ReturnType<typeof parser.parse>[number];

/** HTML we write ourselves; any other HTML came from the input. */
const OUR_HTML = [
  /^<br>$/,
  /^<details><summary>[^<]*<\/summary>\s*$/,
  /^<\/details>\s*$/,
  /^<!-- gitops-guard:fingerprint=[0-9a-f]{8,64} -->\s*$/,
];

function flatten(tokens: readonly Token[]): Token[] {
  return tokens.flatMap((t) => [t, ...flatten(t.children ?? [])]);
}

/** The structure of a markdown text: every token but text and code (where hostile text may end up). */
export function shape(markdown: string): string[] {
  return flatten(parser.parse(markdown, {}))
    .filter((t) => !['text', 'code_inline', 'inline', 'softbreak'].includes(t.type))
    .map((t) => (t.type.startsWith('html') ? `${t.type}:${t.content.trim()}` : t.type));
}

/** What renders as something other than text: images, links, foreign HTML, mentions and issue references outside code. */
export function problems(markdown: string): string[] {
  const out: string[] = [];
  for (const t of flatten(parser.parse(markdown, {}))) {
    if (t.type === 'image' || t.type === 'link_open')
      out.push(`${t.type}: ${t.attrGet('src') ?? t.attrGet('href')}`);
    if (t.type.startsWith('html') && !OUR_HTML.some((re) => re.test(t.content.trim())))
      out.push(`html: ${t.content.trim()}`);
    if (t.type === 'text' && /(?:^|[^\w`])(?:@[A-Za-z0-9]|#\d)/.test(t.content))
      out.push(`mention or reference: ${t.content}`);
    if (t.type === 'fence' && t.info.trim() !== 'suggestion') out.push(`fence: ${t.info}`);
  }
  // GitHub's sanitizer keeps no control characters; ours never relies on them.
  if (/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/.test(markdown))
    out.push('control character');
  return out;
}

/** Fenced blocks (suggestions) in a comment body. */
export function fences(markdown: string): string[] {
  return flatten(parser.parse(markdown, {}))
    .filter((t) => t.type === 'fence')
    .map((t) => t.content);
}

export { fingerprintFromBody };
