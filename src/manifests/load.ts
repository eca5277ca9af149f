import { isUtf8 } from 'node:buffer';
import { load as loadYaml, YAML11_SCHEMA } from 'js-yaml';
import type { Finding, Severity } from '../model/index.js';
import { checkTimeBound, spendTime, TimeBoundExceeded, withTimeBound } from '../model/time-bound.js';
import { fingerprintOf } from './fingerprint.js';
import { isObject, splitApiVersion, type JsonObject, type PathSegment, type Resource } from './resource.js';
import {
  defineLazyBody,
  documentKind,
  isSchemaKind,
  schemaDocumentHead,
  type SchemaDocumentHead,
} from './document-head.js';
import { SourceDocument } from './source-document.js';

export interface LoadLimits {
  /** Files above this size are not parsed (a finding says so). */
  maxFileBytes: number;
  maxDocuments: number;
  /** Collections nested deeper than this are refused. */
  maxDepth: number;
  /** Nodes a document may expand to through aliases (YAML bombs). */
  maxExpandedNodes: number;
  /** Characters of strings a document may expand to through aliases (a 4 MB string aliased 900 times is 3.6 GB). */
  maxExpandedChars: number;
  /** Time one file may take to load and judge; past it the rest of the file is not judged (a finding says so). */
  maxFileMillis: number;
}

export const DEFAULT_LIMITS: LoadLimits = {
  maxFileBytes: 5 * 1024 * 1024,
  maxDocuments: 10_000,
  maxDepth: 256,
  maxExpandedNodes: 200_000,
  maxExpandedChars: 32 * 1024 * 1024,
  maxFileMillis: 10_000,
};

/**
 * A file an adapter could not read (permission denied, a symlink loop, a special file): the
 * loader turns it into a finding on its path like any other file it cannot judge.
 */
export interface Unreadable {
  unreadable: string;
  /** True when the file cannot hold a manifest git could deploy (a FIFO or device in a work tree): a note, not a failure. */
  cannotHoldManifest?: boolean;
}

/** What an adapter hands the loader for one file. */
export type FileContent = string | Uint8Array | Unreadable;

export interface LoadOptions {
  /** Parse only the documents whose text passes (context read for another file's verdict); all by default. */
  documentFilter?: (text: string) => boolean;
  /**
   * Documents of this file an earlier pass already parsed, by index (a scan's context pass): a
   * document whose text is still the same takes those resources rather than being parsed again.
   */
  parsed?: ReadonlyMap<number, readonly Resource[]>;
  /**
   * Parse a CRD's body too, rather than only its head (document-head.ts): what a change judges
   * and what rendering maps and compares, so that a body that does not parse is a finding there,
   * never an error when the sides are compared.
   */
  wholeSchemas?: boolean;
}

export interface LoadedFile {
  file: string;
  resources: Resource[];
  /** Problems with the file itself: parse errors, duplicate keys, limits, skipped templates. */
  findings: Finding[];
}

/** Rule ids of findings the loader produces. */
export const LOADER_RULES = {
  parseError: 'manifest-parse-error',
  duplicateKey: 'manifest-duplicate-key',
  skipped: 'manifest-skipped',
  nonManifestParseError: 'non-manifest-parse-error',
} as const;

const KUSTOMIZATION_FILE = /(^|\/)(kustomization\.ya?ml|Kustomization)$/;
const DOCUMENT_START = /^---(?=[ \t]|\r?$)/gm;

/**
 * Parses one file into resources. Never throws: every problem becomes a finding on the file,
 * and the file's other documents are still loaded.
 *
 * Fail closed: when a file that looks like a manifest (`looksLikeManifest`) cannot be judged
 * completely (a limit, a syntax error, a duplicate key, a skipped template), its finding is
 * `high`, the worst a hidden resource could be; in any other YAML it is an `info` note.
 */
export function loadManifestFile(
  file: string,
  content: FileContent,
  limits: LoadLimits = DEFAULT_LIMITS,
  now: () => number = Date.now,
  { documentFilter, parsed: earlier, wholeSchemas }: LoadOptions = {},
): LoadedFile {
  const out: LoadedFile = { file, resources: [], findings: [] };
  const started = now();
  let manifestLike = true; // until the text is known: an unreadable file could be anything
  const fileFinding = (
    ruleId: string,
    message: string,
    line = 1,
    column = 1,
    likeManifest = manifestLike,
  ) => {
    const severity: Severity = likeManifest ? 'high' : 'info';
    out.findings.push({
      ruleId,
      severity,
      message,
      file,
      line,
      column,
      path: '',
      fingerprint: fingerprintOf(ruleId, file, message),
    });
  };
  try {
    if (isUnreadable(content)) {
      manifestLike = !content.cannotHoldManifest;
      fileFinding(
        LOADER_RULES.parseError,
        `File could not be read (${content.unreadable}); it was not scanned.`,
      );
      return out;
    }
    const size = typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength;
    manifestLike = looksLikeManifest(file, content);
    if (size > limits.maxFileBytes) {
      fileFinding(
        LOADER_RULES.parseError,
        `File is ${size} bytes, above the ${limits.maxFileBytes}-byte limit; it was not scanned.`,
      );
      return out;
    }
    const text = decode(content);
    if (typeof text !== 'string') {
      if (text.binary) manifestLike = true; // UTF-16 YAML has NUL bytes: what it says cannot be told
      fileFinding(LOADER_RULES.parseError, text.problem);
      return out;
    }
    const deadline = started + limits.maxFileMillis;
    let current: Chunk | undefined;
    try {
      withTimeBound(
        deadline,
        () => {
          const documents = splitDocuments(text);
          if (documents.length > limits.maxDocuments) {
            fileFinding(
              LOADER_RULES.parseError,
              `File has ${documents.length} YAML documents, above the limit of ${limits.maxDocuments}; it was not scanned.`,
            );
            return;
          }
          let templateNoted = false;
          for (const [documentIndex, chunk] of documents.entries()) {
            current = chunk;
            // One js-yaml parse cannot be interrupted: the clock is read before it (its input is at most maxFileBytes).
            checkTimeBound();
            // A schema document (a CRD) is known by its head: its body is neither searched nor parsed.
            const head = wholeSchemas ? undefined : schemaDocumentHead(chunk.text);
            if (documentFilter) {
              if (!documentFilter(head?.headText ?? chunk.text)) continue;
              // Context outlives the file: its own copy of the text, so it does not hold the whole file's.
              chunk.text = ownCopy(chunk.text);
            }
            if (isPreamble(chunk.text, chunk.text.startsWith('---') ? 3 : 0)) continue; // an empty document
            const taken = earlier?.get(documentIndex);
            if (taken?.length && taken[0]!.source.text === chunk.text) {
              for (const resource of taken) out.resources.push(resource);
              continue;
            }
            const stub = head && schemaStub(chunk.text, head, limits);
            if (stub) {
              const source = new SourceDocument(chunk.text, chunk.startLine);
              collectResources(stub, file, documentIndex, source, out.resources);
              continue;
            }
            const parsed = parseDocumentText(chunk.text, limits);
            if (parsed.error) {
              if (hasTemplateSyntax(chunk.text)) {
                if (!templateNoted)
                  fileFinding(
                    LOADER_RULES.skipped,
                    'Looks like a template (`{{ }}`), not plain YAML: skipped. Scan the rendered output (helm template, kustomize build) instead.',
                    chunk.startLine + 1,
                  );
                templateNoted = true;
                continue;
              }
              const line = chunk.startLine + (parsed.error.line ?? 0) + 1;
              // Other tools' YAML (mkdocs, CloudFormation, Ansible) cannot hide a resource: a note. A broken manifest fails closed.
              const documentLikeManifest = looksLikeManifest(file, chunk.text);
              const ruleId =
                parsed.error.ruleId === LOADER_RULES.parseError && !documentLikeManifest
                  ? LOADER_RULES.nonManifestParseError
                  : parsed.error.ruleId;
              fileFinding(
                ruleId,
                parsed.error.message,
                line,
                (parsed.error.column ?? 0) + 1,
                documentLikeManifest,
              );
              if (parsed.value === undefined) continue;
            }
            const source = new SourceDocument(chunk.text, chunk.startLine);
            const before = out.resources.length;
            collectResources(parsed.value, file, documentIndex, source, out.resources);
            if (
              out.resources.length === before &&
              manifestLike &&
              JSON_FILE.test(file) &&
              hasJsonComment(chunk.text)
            ) {
              fileFinding(
                LOADER_RULES.parseError,
                'JSON with comments is not JSON: Kubernetes tools reject it, and it was not read as a manifest. Remove the comments.',
                chunk.startLine + 1,
              );
            }
          }
        },
        now,
      );
    } catch (error) {
      if (!(error instanceof TimeBoundExceeded)) throw error;
      // Fail closed: what was loaded is judged, the rest of the file is a finding.
      fileFinding(
        LOADER_RULES.parseError,
        `Loading took longer than the ${limits.maxFileMillis} ms bound; the documents from this line on were not scanned.`,
        (current?.startLine ?? 0) + 1,
      );
    }
  } catch (error) {
    fileFinding(
      LOADER_RULES.parseError,
      `File could not be read: ${(error as Error).message ?? String(error)}`,
    );
  }
  return out;
}

/** A string that shares no memory with `text`'s parent (V8 keeps a whole string alive for a slice of it). */
function ownCopy(text: string): string {
  return (' ' + text).slice(1);
}

/** Whether kustomize reads the file as a kustomization (it needs no apiVersion nor kind there). */
export function isKustomizationFile(file: string): boolean {
  return KUSTOMIZATION_FILE.test(file.replace(/\\/g, '/'));
}

const JSON_FILE = /\.json$/i;
/** After a backslash, what starts an escape that could spell a key, a kind or a name (`\x`, `\u`, `\U`, a line break). */
const ESCAPE_STARTS = 'xuU\n\r';

/** Whether the text holds an escape (one pass: backslashes are rare in YAML). */
function hasEscape(text: string): boolean {
  for (let at = text.indexOf('\\'); at !== -1; at = text.indexOf('\\', at + 1)) {
    const next = text[at + 1];
    if (next !== undefined && ESCAPE_STARTS.includes(next)) return true;
  }
  return false;
}

/**
 * Whether a file could hold a Kubernetes resource: it names an `apiVersion` or a `kind` key
 * (block, flow or JSON style), or could spell one with escapes in a quoted key, or it is a
 * kustomization file (kustomize needs neither). Deliberately generous: what looks like a
 * manifest and cannot be judged fails the gate; only YAML that is clearly something else
 * (mkdocs, CloudFormation, Ansible, tool configs) becomes a note. Linear in the size.
 */
export function looksLikeManifest(file: string, content: string | Uint8Array): boolean {
  if (KUSTOMIZATION_FILE.test(file.replace(/\\/g, '/'))) return true;
  const text =
    typeof content === 'string'
      ? content
      : Buffer.from(content.buffer, content.byteOffset, content.byteLength).toString('latin1');
  if (MANIFEST_KEY.test(text)) return true;
  return hasEscape(text);
}

/**
 * Whether a YAML document's text could hold a resource of one of `kinds` (for reading context
 * without parsing it all): a kind written as a whole scalar (plain or quoted, after a tag or an
 * anchor; block, flow or JSON style), or escapes that could spell one. Never false for a document
 * that holds such a resource; false for the many that only mention the word (a CRD's
 * descriptions). Linear: indexOf and a few characters around each occurrence.
 */
export function mayHoldKind(text: string, kinds: readonly string[]): boolean {
  // A document whose own `kind:` line is certain holds that kind alone (a List: items of any kind).
  const known = documentKind(text);
  if (known !== undefined && !known.endsWith('List')) return kinds.includes(known);
  if (hasEscape(text)) return true;
  for (const kind of kinds) {
    if (kind === '') continue;
    for (let at = text.indexOf(kind); at !== -1; at = text.indexOf(kind, at + 1))
      if (wholeScalarEnds(text, at + kind.length) && wholeScalarStarts(text, at)) return true;
  }
  return false;
}

/**
 * Whether a YAML document's text could hold one of `strings` as (part of) a value: it contains one,
 * or escapes that could spell one. Sound for names, which YAML never folds (they hold no blanks).
 */
export function mayContain(text: string, strings: readonly string[]): boolean {
  return strings.some((s) => text.includes(s)) || hasEscape(text);
}

/**
 * Whether any document of a file could pass `mayHoldKind(text, kinds)`: one of the kinds, or a
 * backslash (every escape starts with one), occurs anywhere in its bytes. Searches the bytes where
 * they are (no decoded copy), once per distinct needle (`Role` covers `ClusterRole`).
 */
export function mayMentionKind(content: string | Uint8Array, kinds: readonly string[]): boolean {
  const text =
    typeof content === 'string'
      ? content
      : Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  const needles = kinds.filter(
    (kind) => kind !== '' && !kinds.some((k) => k !== kind && k !== '' && kind.includes(k)),
  );
  return text.includes('\\') || needles.some((needle) => text.includes(needle));
}

const isBlank = (c: string | undefined) => c === ' ' || c === '\t';

/** After the kind: an optional closing quote, blanks, then the end of the line, a flow separator or a comment. */
function wholeScalarEnds(text: string, end: number): boolean {
  let i = end;
  if (text[i] === '"' || text[i] === "'") i++;
  while (isBlank(text[i])) i++;
  return i >= text.length || '\r\n,}]#'.includes(text[i]!);
}

/** Before the kind: an optional opening quote, blanks and tags or anchors, then a line start or an indicator. */
function wholeScalarStarts(text: string, start: number): boolean {
  let i = start - 1;
  if (text[i] === '"' || text[i] === "'") i--;
  for (;;) {
    while (isBlank(text[i])) i--;
    if (i < 0 || ':-[{,?\n'.includes(text[i]!)) return true;
    // A tag (`!!str`) or an anchor (`&k`) before the scalar: step over it.
    let token = i;
    while (token >= 0 && !isBlank(text[token]) && text[token] !== '\n') token--;
    const first = text[token + 1];
    if (token === i || (first !== '!' && first !== '&') || !isBlank(text[i + 1])) return false;
    i = token;
  }
}

const MANIFEST_KEY = /(?:^|[\s{,[])["']?(?:apiVersion|kind)["']?[ \t]*:/m;

/**
 * Whether `{{` occurs outside comments and quoted strings: a template that is not YAML. A `{{`
 * in a comment or a string does not make a broken file a template (it would hide the error).
 */
export function hasTemplateSyntax(text: string): boolean {
  if (!text.includes('{{')) return false;
  let quote = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\n') {
      if (quote === "'" || quote === '"') continue; // quoted scalars may span lines
      quote = '';
    } else if (quote === '#') continue;
    else if (quote === '"') {
      if (c === '\\') i++;
      else if (c === '"') quote = '';
    } else if (quote === "'") {
      if (c === "'") quote = '';
    } else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) quote = '#';
    else if ((c === '"' || c === "'") && (i === 0 || /[\s:,[{-]/.test(text[i - 1]!))) quote = c;
    else if (c === '{' && text[i + 1] === '{') return true;
  }
  return false;
}

/** Whether JSON text has a `//` or `/*` comment outside its strings. */
function hasJsonComment(text: string): boolean {
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '/' && (text[i + 1] === '/' || text[i + 1] === '*')) return true;
  }
  return false;
}

export function isUnreadable(content: FileContent | undefined): content is Unreadable {
  return typeof content === 'object' && content !== null && !(content instanceof Uint8Array);
}

function decode(content: string | Uint8Array): string | { problem: string; binary?: boolean } {
  if (typeof content === 'string') {
    if (content.includes('\u0000'))
      return { problem: 'File contains NUL bytes (binary?); it was not scanned.', binary: true };
    return content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  }
  const head = content.subarray(0, 8000);
  if (head.includes(0))
    return { problem: 'File is binary (contains NUL bytes); it was not scanned.', binary: true };
  if (!isUtf8(content)) return { problem: 'File is not valid UTF-8; it was not scanned.' };
  const text = Buffer.from(content.buffer, content.byteOffset, content.byteLength).toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

interface Chunk {
  text: string;
  startLine: number;
}

/**
 * Splits a YAML stream at `---` lines. In YAML a `---` at column 0 always starts a document
 * (it cannot occur inside a scalar), so the split is exact and a broken document cannot hide
 * the ones after it.
 */
export function splitDocuments(text: string): Chunk[] {
  const starts: number[] = [0];
  for (const match of text.matchAll(DOCUMENT_START)) if (match.index! > 0) starts.push(match.index!);
  const chunks: Chunk[] = [];
  let line = 0;
  let previous = 0;
  let pending: Chunk | undefined;
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i]!;
    const end = i + 1 < starts.length ? starts[i + 1]! : text.length;
    spendTime(1 + end - start);
    line += countNewlines(text, previous, start);
    previous = start;
    let body = text.slice(start, end);
    // A `...` line ends the document (rare: searched for as a string first).
    const docEnd = body.startsWith('...') || body.includes('\n...') ? /^\.\.\.[ \t]*\r?$/m.exec(body) : null;
    if (docEnd) body = body.slice(0, docEnd.index);
    const chunk: Chunk = pending
      ? { text: pending.text + body, startLine: pending.startLine }
      : { text: body, startLine: line };
    pending = undefined;
    if (i === 0 && isPreamble(chunk.text) && starts.length > 1) {
      pending = chunk; // comments or directives before the first `---` belong to the next document
      continue;
    }
    chunks.push(chunk);
  }
  return chunks;
}

/** Whether the text from `from` on is only blank lines, comments and directives (line by line: it stops at the first content). */
function isPreamble(text: string, from = 0): boolean {
  for (let start = from; start < text.length;) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    spendTime(1 + end - start);
    const line = text.slice(start, end);
    if (!/^\s*(#.*)?$/.test(line) && !line.startsWith('%')) return false;
    start = end + 1;
  }
  return true;
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * A schema document (a CRD) as its head alone, the body parsed when first read
 * (src/manifests/document-head.ts); undefined when the head is not certain, and the document
 * is parsed whole as any other.
 */
function schemaStub(text: string, head: SchemaDocumentHead, limits: LoadLimits): JsonObject | undefined {
  const parsed = parseDocumentText(head.headText, limits);
  if (parsed.error || !isObject(parsed.value)) return undefined;
  const { apiVersion, kind } = parsed.value;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  if (!isSchemaKind(kind, splitApiVersion(apiVersion).group)) return undefined;
  const stub = parsed.value;
  defineLazyBody(stub, head.bodyKeys, () => {
    const whole = parseDocumentText(text, limits);
    if (whole.error || !isObject(whole.value))
      throw new Error(
        `the body of this ${kind} could not be read: ${whole.error?.message ?? 'it is not a mapping'}`,
      );
    return whole.value;
  });
  return stub;
}

interface ParseResult {
  value?: unknown;
  error?: { ruleId: string; message: string; line?: number; column?: number };
}

function parseDocumentText(text: string, limits: LoadLimits): ParseResult {
  try {
    const value = loadYaml(text, { schema: YAML11_SCHEMA, maxDepth: limits.maxDepth });
    return checkExpansion(value, text, limits);
  } catch (error) {
    if (error instanceof TimeBoundExceeded) throw error;
    const mark = (error as { mark?: { line?: number; column?: number } }).mark;
    const reason = (error as { reason?: string }).reason ?? (error as Error).message ?? String(error);
    if (/duplicated mapping key/.test(reason)) {
      const key = duplicateKeyName(text, mark?.line);
      let value: unknown;
      try {
        value = loadYaml(text, { schema: YAML11_SCHEMA, maxDepth: limits.maxDepth, json: true });
        if (checkExpansion(value, text, limits).error) value = undefined;
      } catch (inner) {
        if (inner instanceof TimeBoundExceeded) throw inner;
        value = undefined;
      }
      return {
        value,
        error: {
          ruleId: LOADER_RULES.duplicateKey,
          message: `Duplicate key${key ? ` \`${key}\`` : ''}: tools disagree on which value wins, so a duplicate can smuggle a value past scanners. Remove one of them.`,
          line: mark?.line,
          column: mark?.column,
        },
      };
    }
    if (error instanceof RangeError)
      return { error: { ruleId: LOADER_RULES.parseError, message: 'YAML is nested too deeply to parse.' } };
    return {
      error: {
        ruleId: LOADER_RULES.parseError,
        message: `YAML syntax error: ${describeReason(reason)}`,
        line: mark?.line,
        column: mark?.column,
      },
    };
  }
}

function describeReason(reason: string): string {
  // js-yaml's message can quote source lines (and so secrets); keep only its first line.
  const first = reason.split('\n')[0]!;
  const mark = /\(\d+:\d+\)\s*$/.exec(first);
  return mark ? first.slice(0, mark.index).trimEnd() : first;
}

function duplicateKeyName(text: string, line: number | undefined): string | undefined {
  if (line === undefined) return undefined;
  // Bounded: the line is the author's, and this pattern backtracks over long runs of spaces.
  const source = (text.split('\n')[line] ?? '').slice(0, 256);
  const match = /^\s*(?:-\s+)?(["']?)([^"':#]+)\1\s*:/.exec(source);
  return match?.[2]?.trim();
}

/** Aliases share one object in memory but expand when walked: refuse documents that expand too far, in nodes or in characters. */
function checkExpansion(value: unknown, text: string, limits: LoadLimits): ParseResult {
  if (!text.includes('*') || !text.includes('&')) return { value };
  let nodes = limits.maxExpandedNodes;
  let chars = limits.maxExpandedChars;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    spendTime();
    const node = stack.pop();
    if (typeof node === 'string') chars -= node.length;
    if (--nodes < 0 || chars < 0) {
      const what = nodes < 0 ? `${limits.maxExpandedNodes} nodes` : `${limits.maxExpandedChars} characters`;
      return {
        error: {
          ruleId: LOADER_RULES.parseError,
          message: `Aliases expand this document beyond ${what} (a YAML bomb?); it was not scanned.`,
        },
      };
    }
    if (Array.isArray(node)) for (const item of node) stack.push(item);
    else if (isObject(node)) {
      for (const [key, item] of Object.entries(node)) {
        chars -= key.length;
        stack.push(item);
      }
    }
  }
  return { value };
}

function collectResources(
  value: unknown,
  file: string,
  documentIndex: number,
  source: SourceDocument,
  out: Resource[],
): void {
  if (!isObject(value)) return;
  if (
    value.kind === 'List' ||
    (typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items))
  ) {
    const items = Array.isArray(value.items) ? value.items : [];
    items.forEach((item, index) => {
      spendTime();
      const resource = toResource(item, file, documentIndex, source, ['items', index]);
      if (resource) out.push(resource);
    });
    return;
  }
  const resource = toResource(value, file, documentIndex, source, []);
  if (resource) out.push(resource);
}

function toResource(
  value: unknown,
  file: string,
  documentIndex: number,
  source: SourceDocument,
  basePath: PathSegment[],
): Resource | undefined {
  if (!isObject(value)) return undefined;
  let { apiVersion, kind } = value;
  // kustomize accepts a kustomization.yaml without apiVersion and kind.
  if (
    apiVersion === undefined &&
    kind === undefined &&
    basePath.length === 0 &&
    KUSTOMIZATION_FILE.test(file.replace(/\\/g, '/'))
  ) {
    apiVersion = 'kustomize.config.k8s.io/v1beta1';
    kind = 'Kustomization';
  }
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !apiVersion || !kind) return undefined;
  const metadata: JsonObject = isObject(value.metadata) ? value.metadata : {};
  const name =
    typeof metadata.name === 'string'
      ? metadata.name
      : typeof metadata.generateName === 'string'
        ? `${metadata.generateName}*`
        : '';
  const namespace =
    typeof metadata.namespace === 'string' && metadata.namespace ? metadata.namespace : undefined;
  return {
    apiVersion,
    kind,
    name,
    namespace,
    ...splitApiVersion(apiVersion),
    object: value,
    file,
    documentIndex,
    basePath,
    source,
  };
}
