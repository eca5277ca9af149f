import { spendTime } from '../model/time-bound.js';
import type { JsonObject } from './resource.js';

/**
 * What a YAML document's top-level lines say without parsing it: its kind (to skip documents a
 * pass does not need) and, for a schema document, its head (to parse that alone).
 *
 * Sound by construction. A top-level block mapping's keys are exactly its column-0 key lines, and
 * a key's value ends at the next column-0 line that is not a comment. So the document is read
 * only when every column-0 line is a comment or a plain key (no quoted, complex, merge or anchored
 * key, no flow collection, no directive, no tab; `- ` entries of a key's sequence may sit at
 * column 0 under it) and no key occurs twice; anything else is
 * "not certain" (undefined) and the caller parses the document whole.
 */

/**
 * Documents that hold a schema, not workloads, grants or values: a CustomResourceDefinition's
 * body is an OpenAPI schema and its prose (83% of the corpus's bytes). No built-in rule judges
 * it, so the loader parses only its `apiVersion`, `kind` and `metadata`, and leaves the body to
 * be parsed the first time something reads it (a repository policy that matches CRDs).
 */
export const SCHEMA_KINDS: ReadonlySet<string> = new Set(['CustomResourceDefinition']);
const SCHEMA_GROUP = 'apiextensions.k8s.io';

export function isSchemaKind(kind: string, group: string | undefined): boolean {
  return SCHEMA_KINDS.has(kind) && (group === undefined || group === SCHEMA_GROUP);
}

const SPACE = 0x20;
const CARRIAGE_RETURN = 0x0d;
const HASH = 0x23;
/** A top-level key line: a plain key at column 0, then `:` and a blank or the end of the line. */
const TOP_LEVEL_KEY = /^([A-Za-z_][A-Za-z0-9_.-]{0,252})[ \t]*:(?:[ \t]|\r?$)/;
/** The document's own `---` line: nothing after it but blanks and a comment. */
const BARE_DOCUMENT_START = /^---[ \t]*(?:[ \t]#.*)?\r?$/;
/** An entry of a block sequence at column 0 (`- item`, or `-` alone on its line). */
const SEQUENCE_ENTRY = /^-(?:[ \t]|\r?$)/;
/** A `kind:` entry whose value is one plain word on its own line (a trailing comment allowed). */
const PLAIN_KIND = /^kind:[ \t]+([A-Za-z][A-Za-z0-9]{0,252})[ \t]*(?:[ \t]#.*)?\r?$/;
/** What may follow a one-line value inside its entry: blank lines and column-0 comments. */
const NOTHING_MORE = /^(?:[ \t\r]*|#.*)$/;

interface Span {
  from: number;
  to: number;
}

/** The top-level entries of a block-mapping document, by key, as spans of `text`; undefined when not certain. */
function topLevelEntries(text: string): Map<string, Span> | undefined {
  spendTime(text.length);
  const entries = new Map<string, Span>();
  let open: Span | undefined;
  let started = false;
  for (let start = 0, end = 0; start < text.length; start = end + 1) {
    end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    // Column-0 lines are few (a CRD's are its four or five keys): only they are looked at.
    const first = text.charCodeAt(start);
    if (start === end || first === SPACE || first === CARRIAGE_RETURN || first === HASH) continue;
    const line = text.slice(start, Math.min(end, start + 512));
    if (!started && open === undefined && BARE_DOCUMENT_START.test(line)) started = true;
    else if (open !== undefined && SEQUENCE_ENTRY.test(line)) {
      // A block sequence may sit at its key's own indentation: it is that key's value.
    } else {
      const key = TOP_LEVEL_KEY.exec(line)?.[1];
      if (key === undefined || entries.has(key)) return undefined;
      if (open) open.to = start;
      open = { from: start, to: text.length };
      entries.set(key, open);
    }
  }
  return entries;
}

/**
 * The kind a document names on its own top-level `kind:` line (one plain word), or undefined
 * when that is not certain. A document whose kind is known holds one resource of that kind, or
 * none (a kind YAML reads as no string), or, for a `...List` kind, items of any kind.
 */
export function documentKind(text: string): string | undefined {
  const entries = topLevelEntries(text);
  const span = entries?.get('kind');
  return span && plainKindOf(text, span);
}

function plainKindOf(text: string, span: Span): string | undefined {
  const [first, ...rest] = text.slice(span.from, span.to).split('\n');
  const kind = PLAIN_KIND.exec(first!)?.[1];
  return kind !== undefined && rest.every((line) => NOTHING_MORE.test(line)) ? kind : undefined;
}

/** What `schemaDocumentHead` finds: the text of the head's entries alone, and the other top-level keys. */
export interface SchemaDocumentHead {
  /** The `apiVersion`, `kind` and `metadata` entries, each with all its lines, in document order. */
  headText: string;
  /** The other top-level keys (`spec`, `status`), whose values are parsed only when read. */
  bodyKeys: string[];
}

const HEAD_KEYS: ReadonlySet<string> = new Set(['apiVersion', 'kind', 'metadata']);

/**
 * The head of a document whose top-level `kind:` line names a schema kind, found from its lines
 * without parsing the body; undefined when not certain (the caller parses the document whole).
 * The head's entries are then parsed by the real parser from exactly their own lines, so the
 * values found there are those a whole parse finds; a value that does not parse alone (a quoted
 * scalar continued at column 0, an alias to an anchor in the body) makes the caller parse whole.
 */
export function schemaDocumentHead(text: string): SchemaDocumentHead | undefined {
  // Cheap first: most documents never mention a schema kind.
  if (![...SCHEMA_KINDS].some((kind) => text.includes(kind))) return undefined;
  const entries = topLevelEntries(text);
  if (!entries || ![...HEAD_KEYS].every((key) => entries.has(key))) return undefined;
  const kind = plainKindOf(text, entries.get('kind')!);
  if (kind === undefined || !SCHEMA_KINDS.has(kind)) return undefined;
  const head = [...entries]
    .filter(([key]) => HEAD_KEYS.has(key))
    .map(([, span]) => text.slice(span.from, span.to).replace(/\n?$/, '\n'));
  return {
    headText: head.join(''),
    bodyKeys: [...entries.keys()].filter((key) => !HEAD_KEYS.has(key)),
  };
}

/**
 * Gives `object` the body keys of its document as properties that parse the whole document the
 * first time one is read (`parseWhole` throws when it cannot: the reading rule then fails closed
 * with a rule-error, never a pass). Enumerable, so walkers and `JSON.stringify` see them.
 */
export function defineLazyBody(
  object: JsonObject,
  bodyKeys: readonly string[],
  parseWhole: () => JsonObject,
): void {
  let whole: JsonObject | undefined;
  const settle = (key: string, value: unknown) =>
    Object.defineProperty(object, key, { value, enumerable: true, configurable: true, writable: true });
  for (const key of bodyKeys) {
    Object.defineProperty(object, key, {
      enumerable: true,
      configurable: true,
      get() {
        whole ??= parseWhole();
        const value = whole[key];
        settle(key, value);
        return value;
      },
      set(value: unknown) {
        settle(key, value);
      },
    });
  }
}
