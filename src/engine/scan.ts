import type { Finding, ResourceRef } from '../model/index.js';
import {
  DEFAULT_LIMITS,
  kustomizePatchFiles,
  loadManifestFile,
  markKustomizePatches,
  type FileContent,
  type LoadedFile,
  type LoadLimits,
  type Resource,
} from '../manifests/index.js';
import { Redactor, redactFinding, redactFindings } from '../redaction/index.js';
import { applyExceptions, type ExceptionRule } from './exceptions.js';
import { FindingStore } from './finding-store.js';
import { runRules } from './run-rules.js';
import { gatherContext, lookupKinds, type ScanContext, type StreamedFile } from './scan-context.js';
import type { ActiveRule, ScanOptions } from './types.js';

export interface ManifestFile {
  /** Path as the user gave it or relative to the repository root. */
  path: string;
  content: FileContent;
  /** The file already loaded from `content` (the CLI parses policy files first): not parsed again. */
  loaded?: LoadedFile;
}

export interface ScanInput {
  files: readonly ManifestFile[];
  rules: readonly ActiveRule[];
  options: ScanOptions;
  exceptions?: readonly ExceptionRule[];
  /** YYYY-MM-DD, for exception expiry (the adapter passes the clock in). */
  today?: string;
  configFile?: string;
  limits?: LoadLimits;
  /** Patch files named by Kustomizations outside `files` (an unchanged kustomization.yaml of a diff). */
  patchFiles?: ReadonlySet<string>;
  /**
   * Resources outside `files` that the rules read but do not judge (a diff's unchanged context,
   * docs/diff.md), and among them the dependents: judged by the rules that declare `dependsOn` only.
   */
  context?: { resources: readonly Resource[]; dependents: readonly Resource[] };
}

export interface ScanResult {
  findings: Finding[];
  /** Findings on `context.dependents` (kept apart: a diff reports only those that change). */
  dependentFindings: Finding[];
  resources: Resource[];
  fileCount: number;
  /** Masks the secret values of these resources: every output of the scan passes through it. */
  redactor: Redactor;
}

/** Load, check and apply exceptions: the whole pure pipeline for a set of files. */
export function scanFiles(input: ScanInput): ScanResult {
  const resources: Resource[] = [];
  const findings: Finding[] = [];
  const limits = input.limits ?? DEFAULT_LIMITS;
  const configured = new Map(
    input.rules.filter((r) => r.severity !== r.rule.severity).map((r) => [r.rule.id, r.severity]),
  );
  // Each file's time bound covers its loading, its secrets and its rules (src/model/time-bound.ts).
  const spent = new Map<string, number>();
  for (const file of input.files) {
    const started = Date.now();
    const loaded = file.loaded ?? loadManifestFile(file.path, file.content, limits);
    spent.set(loaded.file, (spent.get(loaded.file) ?? 0) + Date.now() - started);
    for (const resource of loaded.resources) resources.push(resource); // a List can hold 200,000 items: no spread
    // A file that could hide a resource fails at its rule's configured level (high by default); notes stay notes.
    for (const finding of loaded.findings)
      findings.push(
        finding.severity === 'info'
          ? finding
          : { ...finding, severity: configured.get(finding.ruleId) ?? finding.severity },
      );
  }
  const context = input.context;
  // One list for both runs: the rules' indexes over it are built once.
  const visible = context ? [...resources, ...context.resources] : resources;
  // The context's patch files too: a pod of an unchanged patch judged again is still a partial resource.
  markKustomizePatches(visible, input.patchFiles);
  // Secrets first: a file whose secrets are not all known has its findings' texts withheld.
  const redactor = Redactor.forResources(context ? [...resources, ...context.dependents] : resources, {
    maxFileMillis: limits.maxFileMillis,
    spent,
  });
  const bound = {
    maxFileMillis: limits.maxFileMillis,
    spent,
    redact: (finding: Finding) => redactFinding(finding, redactor),
  };
  for (const finding of runRules(resources, input.rules, input.options, bound, visible))
    findings.push(finding);
  const dependentFindings = context?.dependents.length
    ? runRules(
        context.dependents,
        input.rules.filter((r) => r.rule.dependsOn !== undefined),
        input.options,
        bound,
        visible,
      )
    : [];
  // Exceptions mark the findings they cover in place; the dependents' findings are then set apart again.
  const withExceptions = applyExceptions(
    [...findings, ...dependentFindings],
    input.exceptions ?? [],
    input.today ?? new Date().toISOString().slice(0, 10),
    input.configFile ?? '.github/gitops-guard.yml',
  );
  const ofDependents = new Set(dependentFindings);
  return {
    findings: sortFindings(
      redactFindings(
        withExceptions.filter((f) => !ofDependents.has(f)),
        redactor,
      ),
    ),
    dependentFindings: sortFindings(redactFindings(dependentFindings, redactor)),
    resources,
    fileCount: input.files.length,
    redactor,
  };
}

export interface StreamScanInput extends Omit<ScanInput, 'files' | 'context'> {
  files: readonly StreamedFile[];
  /** The first pass's result when the caller gathered it (the CLI compiles policies from it). */
  context?: ScanContext;
}

export interface StreamScanResult {
  findings: Finding[];
  /** How many resources were judged (none is kept). */
  resourceCount: number;
  fileCount: number;
  /** Masks the secret values of every judged resource: every output of the scan passes through it. */
  redactor: Redactor;
}

/**
 * The scan of a repository in two passes over its files: the context (the resources of the
 * kinds the rules read in other resources, `gatherContext`), then each file read, parsed, judged
 * and let go, so that memory holds the context, the findings and the secrets to mask, not the
 * repository (docs/architecture.md, "How a scan streams"). The findings are those of `scanFiles`
 * on the same files: rules read other resources only through `context.resources`.
 */
export function scanStream(input: StreamScanInput): StreamScanResult {
  const limits = input.limits ?? DEFAULT_LIMITS;
  const context = input.context ?? gatherContext(input.files, lookupKinds(input.rules), limits);
  const visible = context.resources;
  const patchFiles = new Set([...kustomizePatchFiles(visible), ...(input.patchFiles ?? [])]);
  markKustomizePatches(visible, patchFiles);
  const configured = new Map(
    input.rules.filter((r) => r.severity !== r.rule.severity).map((r) => [r.rule.id, r.severity]),
  );
  // As in scanFiles: loader findings first, then the rules' (the order ties keep when sorted).
  const loaderFindings: Finding[] = [];
  const ruleFindings = new FindingStore();
  const redactor = new Redactor();
  const compact = compactor();
  // Each file's time bound covers its loading, its secrets and its rules (src/model/time-bound.ts).
  const spent = new Map<string, number>();
  const bound = { maxFileMillis: limits.maxFileMillis, spent };
  let resourceCount = 0;
  for (const file of input.files) {
    const started = Date.now();
    // The documents the context pass parsed are taken as they are: each document is parsed once.
    const loaded =
      file.loaded ??
      loadManifestFile(file.path, file.read(), limits, Date.now, { parsed: context.parsed.get(file.path) });
    spent.set(loaded.file, (spent.get(loaded.file) ?? 0) + Date.now() - started);
    // A file that could hide a resource fails at its rule's configured level (high by default); notes stay notes.
    for (const finding of loaded.findings)
      loaderFindings.push(
        compact(
          finding.severity === 'info'
            ? { ...finding }
            : { ...finding, severity: configured.get(finding.ruleId) ?? finding.severity },
        ),
      );
    markKustomizePatches(loaded.resources, patchFiles);
    // Secrets first: a file whose secrets are not all known has its findings' texts withheld.
    redactor.addResources(loaded.resources, bound);
    for (const finding of runRules(loaded.resources, input.rules, input.options, bound, visible))
      ruleFindings.add(finding);
    resourceCount += loaded.resources.length;
  }
  // Redacted once every file's secrets are known (scanFiles redacts each rule finding as it is made,
  // with every file's secrets collected first: the same texts). Each step replaces the findings in
  // place, so that a finding and its redacted copy are not both held for the whole list.
  const redacted = (list: Finding[]) => {
    for (let i = 0; i < list.length; i++) {
      const finding = redactFinding(list[i]!, redactor);
      if (finding !== list[i]) list[i] = compact(finding);
    }
    return list;
  };
  const findings = loaderFindings.concat(redacted(ruleFindings.findings()));
  const withExceptions = applyExceptions(
    findings,
    input.exceptions ?? [],
    input.today ?? new Date().toISOString().slice(0, 10),
    input.configFile ?? '.github/gitops-guard.yml',
  );
  findings.length = 0;
  return {
    findings: sortFindings(redacted(withExceptions)),
    resourceCount,
    fileCount: input.files.length,
    redactor,
  };
}

/**
 * Keeps each finding small for the rest of the scan (a 16-copy scan of the corpus holds 62,000):
 * changed in place, every string is the scan's one copy of that text (rule ids, files, messages
 * and paths repeat across findings; resource references are shared per resource), and no string
 * is a slice of its file's text (V8 keeps a whole string alive for a slice of it). Values are
 * unchanged: the finding's JSON is the same.
 */
function compactor(): (finding: Finding) => Finding {
  const strings = new Map<string, string>();
  const refs = new Map<string, ResourceRef>();
  const shared = (text: string) => {
    let own = strings.get(text);
    if (own === undefined) strings.set((own = flatCopy(text)), own);
    return own;
  };
  return (finding) => {
    finding.ruleId = shared(finding.ruleId);
    finding.message = shared(finding.message);
    finding.file = shared(finding.file);
    finding.path = shared(finding.path);
    finding.fingerprint = flatCopy(finding.fingerprint);
    if (finding.resource) {
      const key = JSON.stringify(finding.resource);
      let ref = refs.get(key);
      if (ref === undefined) refs.set(key, (ref = JSON.parse(key) as ResourceRef));
      finding.resource = ref;
    }
    if (finding.fix) finding.fix = flatCopy(finding.fix);
    if (finding.suppressed) finding.suppressed = flatCopy(finding.suppressed);
    return finding;
  };
}

/** `value` as JSON again: every string a new one that holds no other (JSON-like values only). */
function flatCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort((a, b) =>
    a.file < b.file
      ? -1
      : a.file > b.file
        ? 1
        : a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId),
  );
}
