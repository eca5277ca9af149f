import { load as loadYaml, YAML11_SCHEMA } from 'js-yaml';
import type { Finding, Severity } from '../model/index.js';
import { fingerprintOf } from './fingerprint.js';
import { isObject, splitApiVersion, type JsonObject, type PathSegment, type Resource } from './resource.js';
import { looksLikeManifest } from './looks-like-manifest.js';
import { SourceDocument } from './source-document.js';

export interface LoadLimits {
  /** Files above this size are not parsed (a finding says so). */
  maxFileBytes: number;
  maxDocuments: number;
  /** Collections nested deeper than this are refused. */
  maxDepth: number;
  /** Nodes a document may expand to through aliases (YAML bombs). */
  maxExpandedNodes: number;
}

export const DEFAULT_LIMITS: LoadLimits = {
  maxFileBytes: 5 * 1024 * 1024,
  maxDocuments: 10_000,
  maxDepth: 256,
  maxExpandedNodes: 200_000,
};

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

const DOCUMENT_START = /^---(?=[ \t]|\r?$)/gm;

/**
 * Parses one file into resources. Never throws: every problem becomes a finding on the file,
 * and the file's other documents are still loaded.
 */
export function loadManifestFile(file: string, content: string | Uint8Array, limits: LoadLimits = DEFAULT_LIMITS): LoadedFile {
  const out: LoadedFile = { file, resources: [], findings: [] };
  const fileFinding = (ruleId: string, severity: Severity, message: string, line = 1, column = 1) => {
    out.findings.push({ ruleId, severity, message, file, line, column, path: '', fingerprint: fingerprintOf(ruleId, file, message) });
  };
  try {
    const size = typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength;
    if (size > limits.maxFileBytes) {
      fileFinding(LOADER_RULES.parseError, 'medium', `File is ${size} bytes, above the ${limits.maxFileBytes}-byte limit; it was not scanned.`);
      return out;
    }
    const text = decode(content);
    if (typeof text !== 'string') {
      fileFinding(LOADER_RULES.parseError, 'medium', text.problem);
      return out;
    }
    const templated = text.includes('{{');
    const documents = splitDocuments(text);
    if (documents.length > limits.maxDocuments) {
      fileFinding(LOADER_RULES.parseError, 'medium', `File has ${documents.length} YAML documents, above the limit of ${limits.maxDocuments}; it was not scanned.`);
      return out;
    }
    let templateNoted = false;
    documents.forEach((chunk, documentIndex) => {
      if (isPreamble(chunk.text.replace(/^---/, ''))) return; // an empty document
      const parsed = parseDocumentText(chunk.text, limits);
      if (parsed.error) {
        if (templated && /\{\{/.test(chunk.text)) {
          if (!templateNoted) fileFinding(LOADER_RULES.skipped, 'info', 'Looks like a template (`{{ }}`), not plain YAML: skipped. Scan the rendered output (helm template, kustomize build) instead.', chunk.startLine + 1);
          templateNoted = true;
          return;
        }
        const line = chunk.startLine + (parsed.error.line ?? 0) + 1;
        // Other tools' YAML (mkdocs, CloudFormation, Ansible) cannot hide a resource: a note. A broken manifest fails closed.
        const foreign = parsed.error.ruleId === LOADER_RULES.parseError && !looksLikeManifest(chunk.text, file);
        fileFinding(foreign ? LOADER_RULES.nonManifestParseError : parsed.error.ruleId, foreign ? 'info' : 'high', parsed.error.message, line, (parsed.error.column ?? 0) + 1);
        if (parsed.value === undefined) return;
      }
      const source = new SourceDocument(chunk.text, chunk.startLine);
      collectResources(parsed.value, file, documentIndex, source, out.resources);
    });
  } catch (error) {
    fileFinding(LOADER_RULES.parseError, 'high', `File could not be read: ${(error as Error).message ?? String(error)}`);
  }
  return out;
}

function decode(content: string | Uint8Array): string | { problem: string } {
  if (typeof content === 'string') {
    if (content.includes('\u0000')) return { problem: 'File contains NUL bytes (binary?); it was not scanned.' };
    return content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  }
  const head = content.subarray(0, 8000);
  if (head.includes(0)) return { problem: 'File is binary (contains NUL bytes); it was not scanned.' };
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(content);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    return { problem: 'File is not valid UTF-8; it was not scanned.' };
  }
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
    line += countNewlines(text, previous, start);
    previous = start;
    let body = text.slice(start, end);
    const docEnd = /^\.\.\.[ \t]*\r?$/m.exec(body);
    if (docEnd) body = body.slice(0, docEnd.index);
    const chunk: Chunk = pending ? { text: pending.text + body, startLine: pending.startLine } : { text: body, startLine: line };
    pending = undefined;
    if (i === 0 && isPreamble(chunk.text) && starts.length > 1) {
      pending = chunk; // comments or directives before the first `---` belong to the next document
      continue;
    }
    chunks.push(chunk);
  }
  return chunks;
}

function isPreamble(text: string): boolean {
  return text.split('\n').every((l) => /^\s*(#.*)?$/.test(l) || /^%/.test(l));
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
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
    const mark = (error as { mark?: { line?: number; column?: number } }).mark;
    const reason = (error as { reason?: string }).reason ?? (error as Error).message ?? String(error);
    if (/duplicated mapping key/.test(reason)) {
      const key = duplicateKeyName(text, mark?.line);
      let value: unknown;
      try {
        value = loadYaml(text, { schema: YAML11_SCHEMA, maxDepth: limits.maxDepth, json: true });
        if (checkExpansion(value, text, limits).error) value = undefined;
      } catch {
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
    if (error instanceof RangeError) return { error: { ruleId: LOADER_RULES.parseError, message: 'YAML is nested too deeply to parse.' } };
    return { error: { ruleId: LOADER_RULES.parseError, message: `YAML syntax error: ${describeReason(reason)}`, line: mark?.line, column: mark?.column } };
  }
}

function describeReason(reason: string): string {
  // js-yaml's message can quote source lines (and so secrets); keep only its first line.
  return reason.split('\n')[0]!.replace(/\s*\(\d+:\d+\)\s*$/, '');
}

function duplicateKeyName(text: string, line: number | undefined): string | undefined {
  if (line === undefined) return undefined;
  const source = text.split('\n')[line] ?? '';
  const match = /^\s*(?:-\s+)?(["']?)([^"':#]+)\1\s*:/.exec(source);
  return match?.[2]?.trim();
}

/** Aliases share one object in memory but expand when walked: refuse documents that expand too far. */
function checkExpansion(value: unknown, text: string, limits: LoadLimits): ParseResult {
  if (!text.includes('*') || !text.includes('&')) return { value };
  let budget = limits.maxExpandedNodes;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (--budget < 0) {
      return { error: { ruleId: LOADER_RULES.parseError, message: `Aliases expand this document beyond ${limits.maxExpandedNodes} nodes (a YAML bomb?); it was not scanned.` } };
    }
    if (Array.isArray(node)) for (const item of node) stack.push(item);
    else if (isObject(node)) for (const item of Object.values(node)) stack.push(item);
  }
  return { value };
}

function collectResources(value: unknown, file: string, documentIndex: number, source: SourceDocument, out: Resource[]): void {
  if (!isObject(value)) return;
  if (value.kind === 'List' || (typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items))) {
    const items = Array.isArray(value.items) ? value.items : [];
    items.forEach((item, index) => {
      const resource = toResource(item, file, documentIndex, source, ['items', index]);
      if (resource) out.push(resource);
    });
    return;
  }
  const resource = toResource(value, file, documentIndex, source, []);
  if (resource) out.push(resource);
}

const KUSTOMIZATION_FILE = /(^|\/)(kustomization\.ya?ml|Kustomization)$/;

function toResource(value: unknown, file: string, documentIndex: number, source: SourceDocument, basePath: PathSegment[]): Resource | undefined {
  if (!isObject(value)) return undefined;
  let { apiVersion, kind } = value;
  // kustomize accepts a kustomization.yaml without apiVersion and kind.
  if (apiVersion === undefined && kind === undefined && basePath.length === 0 && KUSTOMIZATION_FILE.test(file.replace(/\\/g, '/'))) {
    apiVersion = 'kustomize.config.k8s.io/v1beta1';
    kind = 'Kustomization';
  }
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !apiVersion || !kind) return undefined;
  const metadata: JsonObject = isObject(value.metadata) ? value.metadata : {};
  const name = typeof metadata.name === 'string' ? metadata.name : typeof metadata.generateName === 'string' ? `${metadata.generateName}*` : '';
  const namespace = typeof metadata.namespace === 'string' && metadata.namespace ? metadata.namespace : undefined;
  return { apiVersion, kind, name, namespace, ...splitApiVersion(apiVersion), object: value, file, documentIndex, basePath, source };
}
